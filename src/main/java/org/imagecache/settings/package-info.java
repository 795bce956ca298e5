/**
 * The running values of LXD's images.* keys: configured, overridden at runtime, persisted. Depends on
 * {@code config} and {@code store}.
 */
package org.imagecache.settings;

/**
 * The running values of LXD's images.* keys: configured, overridden at runtime, persisted.
 *
 * <p>May use: {@code store}, {@code config}, {@code failure}.
 */
package org.imagecache.settings;

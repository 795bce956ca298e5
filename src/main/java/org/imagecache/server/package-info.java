/**
 * The composition root of the service: data directory and its lock, admin token, start-up order and
 * graceful stop.
 *
 * <p>May use: every package but {@code cli}; only {@code cli} uses it.
 */
package org.imagecache.server;

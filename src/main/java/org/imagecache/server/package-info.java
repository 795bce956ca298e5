/**
 * The composition root of the service: data directory and its lock, admin token, start-up order and
 * graceful stop. Depends on every component package.
 */
package org.imagecache.server;

/**
 * The HTTP API: routes (thin handlers), LXD's envelope, the token check, and the one error mapper at the
 * edge. Depends on {@code settings}, {@code store} (reads), {@code image}.
 */
package org.imagecache.api;

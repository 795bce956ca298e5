/**
 * The closed set of failures: a sealed {@link org.imagecache.failure.ImageCacheException} whose
 * {@code Kind} the one error mapper turns into an HTTP status; each carries its stable API reason.
 *
 * <p>May use: nothing of ours.
 */
package org.imagecache.failure;

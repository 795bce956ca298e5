/**
 * The image file store on disk: content-addressed files shared by fingerprint, written through a temp
 * file that is checked (size, SHA-256), forced and moved into place atomically; the start-up sweep.
 *
 * <p>May use: {@code image}, {@code failure}.
 */
package org.imagecache.files;

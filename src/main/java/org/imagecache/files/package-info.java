/**
 * The image file store on disk: content-addressed files shared by fingerprint, written through a temp
 * file that is checked (size, SHA-256) and moved into place atomically; the start-up sweep. Depends on
 * {@code image}.
 */
package org.imagecache.files;

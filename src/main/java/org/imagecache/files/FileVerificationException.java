package org.imagecache.files;

import org.imagecache.image.ImageCacheException;

/** Bytes that do not match what the catalog promised: wrong size, too many bytes, wrong hash. */
public final class FileVerificationException extends ImageCacheException {
  public FileVerificationException(String reason, String message) {
    super(reason, message, null);
  }
}

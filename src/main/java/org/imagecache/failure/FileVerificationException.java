package org.imagecache.failure;


/** Bytes that do not match what the catalog promised: wrong size, too many bytes, wrong hash. */
public final class FileVerificationException extends ImageCacheException {
  public FileVerificationException(String reason, String message) {
    super(Kind.VERIFICATION_FAILED, reason, message, null);
  }
}

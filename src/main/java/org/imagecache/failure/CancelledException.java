package org.imagecache.failure;


/** The operation was cancelled by a caller ({@code DELETE /1.0/operations/<id>}). */
public final class CancelledException extends ImageCacheException {
  public CancelledException(String message) {
    super(Kind.CANCELLED, "cancelled", message, null);
  }
}

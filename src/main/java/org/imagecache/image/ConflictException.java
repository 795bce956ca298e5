package org.imagecache.image;

/** The request conflicts with the current state (a duplicate alias, an image in use). */
public final class ConflictException extends ImageCacheException {
  public ConflictException(String reason, String message) {
    super(reason, message, null);
  }
}

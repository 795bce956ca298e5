package org.imagecache.failure;

/** The request conflicts with the current state (a duplicate alias, an image in use). */
public sealed class ConflictException extends ImageCacheException permits ImageBusyException {
  public ConflictException(String reason, String message) {
    super(Kind.CONFLICT, reason, message, null);
  }
}

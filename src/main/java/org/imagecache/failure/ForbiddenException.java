package org.imagecache.failure;

/** The request names something it may not use (a server that is not a configured remote). */
public final class ForbiddenException extends ImageCacheException {
  public ForbiddenException(String reason, String message) {
    super(Kind.FORBIDDEN, reason, message, null);
  }
}

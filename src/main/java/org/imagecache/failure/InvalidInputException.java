package org.imagecache.failure;

/** A value from outside (a request, a catalog, a setting) that breaks a rule; {@code reason} is stable. */
public final class InvalidInputException extends ImageCacheException {
  public InvalidInputException(String reason, String message) {
    super(Kind.INVALID_INPUT, reason, message, null);
  }
}

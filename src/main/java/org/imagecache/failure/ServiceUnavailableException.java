package org.imagecache.failure;

/**
 * The service cannot do this now, for a reason of its own rather than a remote's: its database file
 * vanished or was replaced while it ran ({@code database_lost}). The API answers 503.
 */
public final class ServiceUnavailableException extends ImageCacheException {
  public ServiceUnavailableException(String reason, String message) {
    super(Kind.SERVICE_UNAVAILABLE, reason, message, null);
  }

  public ServiceUnavailableException(String reason, String message, Throwable cause) {
    super(Kind.SERVICE_UNAVAILABLE, reason, message, cause);
  }
}

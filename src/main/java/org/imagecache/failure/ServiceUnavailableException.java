package org.imagecache.failure;

/**
 * The service cannot do this now, for a reason of its own rather than a remote's: its database file
 * vanished or was replaced while it ran ({@code database_lost}). The API answers 503.
 */
public final class ServiceUnavailableException extends ImageCacheException {
  /** The reason of a failure to reach a database server (a shared one: SQLite is a file). */
  public static final String DATABASE_UNAVAILABLE = "database_unavailable";

  public ServiceUnavailableException(String reason, String message) {
    super(Kind.SERVICE_UNAVAILABLE, reason, message, null);
  }

  public ServiceUnavailableException(String reason, String message, Throwable cause) {
    super(Kind.SERVICE_UNAVAILABLE, reason, message, cause);
  }

  /** Whether the failure, or one of its causes, is that the database server could not be reached. */
  public static boolean isDatabaseUnavailable(Throwable e) {
    return Causes.any(e, t -> t instanceof ServiceUnavailableException s && s.reason().equals(DATABASE_UNAVAILABLE));
  }
}

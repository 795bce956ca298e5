package org.imagecache.server;

/** The service cannot start; the message is one line that names the cause. */
public final class StartupException extends RuntimeException {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

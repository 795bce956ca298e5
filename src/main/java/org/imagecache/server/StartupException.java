package org.imagecache.server;

import org.jspecify.annotations.Nullable;

/** The service cannot start; the message is one line that names the cause. */
public final class StartupException extends RuntimeException {
  public StartupException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

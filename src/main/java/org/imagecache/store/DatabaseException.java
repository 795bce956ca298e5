package org.imagecache.store;

import org.jspecify.annotations.Nullable;

/** The database file cannot be used (not SQLite, newer schema, unreadable); the message is one line. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

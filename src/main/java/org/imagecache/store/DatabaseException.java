package org.imagecache.store;

/** The database file cannot be used (not SQLite, newer schema, unreadable); the message is one line. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}

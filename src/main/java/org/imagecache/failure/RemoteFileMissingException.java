package org.imagecache.failure;

/**
 * A remote answered that a file its catalog lists does not exist (404, or a {@code file:} remote without
 * the file; reason {@code remote_file_missing}): a bad answer, and a sign that the cached catalog is
 * stale.
 */
public final class RemoteFileMissingException extends RemoteException {
  public RemoteFileMissingException(String remote, String message) {
    super(Kind.REMOTE_BAD_ANSWER, "remote_file_missing", remote, message, null);
  }
}

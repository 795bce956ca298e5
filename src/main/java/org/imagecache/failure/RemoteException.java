package org.imagecache.failure;

import org.jspecify.annotations.Nullable;

/**
 * A remote failed us: unreachable ({@link Kind#REMOTE_UNAVAILABLE}), too slow ({@link
 * Kind#REMOTE_TIMEOUT}), or answering with something we cannot use ({@link Kind#REMOTE_BAD_ANSWER}).
 * The message names the remote and the cause.
 */
public sealed class RemoteException extends ImageCacheException permits RemoteFileMissingException, DocumentTooLargeException {
  private final String remote;

  RemoteException(Kind kind, String reason, String remote, String message, @Nullable Throwable cause) {
    super(kind, reason, message, cause);
    this.remote = remote;
  }

  public static RemoteException unavailable(String remote, String message, Throwable cause) {
    return new RemoteException(Kind.REMOTE_UNAVAILABLE, "remote_unavailable", remote, message, cause);
  }

  public static RemoteException timeout(String remote, String message, @Nullable Throwable cause) {
    return new RemoteException(Kind.REMOTE_TIMEOUT, "remote_timeout", remote, message, cause);
  }

  public static RemoteException badAnswer(String remote, String reason, String message) {
    return new RemoteException(Kind.REMOTE_BAD_ANSWER, reason, remote, message, null);
  }

  /** Builds the errors of one transfer, naming the remote and the file. */
  public record Factory(String remote, String path) {
    public RemoteException sizeMismatch(String what) {
      return badAnswer(remote, "size_mismatch", "Remote " + remote + ": " + path + ": " + what);
    }
  }

  public String remote() {
    return remote;
  }
}

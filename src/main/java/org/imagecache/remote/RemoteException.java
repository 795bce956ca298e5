package org.imagecache.remote;

import org.imagecache.image.ImageCacheException;

/**
 * A remote failed us: unreachable, too slow, or answering with something we cannot use. The message
 * names the remote and the cause; {@link #kind()} lets the API choose 503, 504 or 502.
 */
public final class RemoteException extends ImageCacheException {
  /** What went wrong, for the status code at the edge. */
  public enum Kind {
    /** Could not connect, or no catalog is known (503). */
    UNAVAILABLE,
    /** No answer or no bytes within the timeout (504). */
    TIMEOUT,
    /** Answered, but with an error status, a bad document, or bytes that do not verify (502). */
    BAD_ANSWER
  }

  private final Kind kind;
  private final String remote;

  public RemoteException(Kind kind, String reason, String remote, String message, Throwable cause) {
    super(reason, message, cause);
    this.kind = kind;
    this.remote = remote;
  }

  public static RemoteException unavailable(String remote, String message, Throwable cause) {
    return new RemoteException(Kind.UNAVAILABLE, "remote_unavailable", remote, message, cause);
  }

  public static RemoteException timeout(String remote, String message, Throwable cause) {
    return new RemoteException(Kind.TIMEOUT, "remote_timeout", remote, message, cause);
  }

  public static RemoteException badAnswer(String remote, String reason, String message) {
    return new RemoteException(Kind.BAD_ANSWER, reason, remote, message, null);
  }

  /** Builds the errors of one transfer, naming the remote and the file. */
  public record Factory(String remote, String path) {
    public RemoteException sizeMismatch(String what) {
      return badAnswer(remote, "size_mismatch", "Remote " + remote + ": " + path + ": " + what);
    }
  }

  public Kind kind() {
    return kind;
  }

  public String remote() {
    return remote;
  }
}

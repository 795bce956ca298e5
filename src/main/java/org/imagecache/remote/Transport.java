package org.imagecache.remote;

import io.vertx.core.Future;

/**
 * How the bytes of one remote are read: over HTTP(S) or from a mirror directory. Paths are relative to
 * the remote's base URL and are checked not to leave it.
 */
public interface Transport extends AutoCloseable {
  /**
   * Fetches a catalog document whole, at most {@code maxBytes}, conditionally on the validators.
   *
   * @return the document, or a {@link Fetched#notModified()} answer
   * @throws RemoteException (in the failed future) naming the remote and the cause
   */
  Future<Fetched> fetch(String path, Fetched.Validators previous, long maxBytes);

  @Override
  void close();
}

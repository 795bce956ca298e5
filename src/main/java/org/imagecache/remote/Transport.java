package org.imagecache.remote;

import io.vertx.core.Future;
import org.imagecache.failure.CancelledException;
import org.imagecache.failure.RemoteException;

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

  /**
   * Streams an image file to the sink, which runs on a worker thread, in order. Refuses any byte past
   * {@code expectedBytes} and a body that ends short of it.
   *
   * @return completes when the sink has taken every byte; fails with a {@link RemoteException}
   *     (reason {@code size_mismatch} for a wrong length, {@code remote_file_missing} for a 404), the
   *     sink's own exception, or {@link CancelledException}
   */
  Future<Void> download(String path, long expectedBytes, FileSink sink, Cancellation cancel);

  @Override
  void close();
}

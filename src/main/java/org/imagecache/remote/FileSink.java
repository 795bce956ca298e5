package org.imagecache.remote;

import io.vertx.core.Future;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.StorageException;

/**
 * Takes a downloaded file's bytes on a thread of its own, straight into its own buffer: the transport
 * reads the socket (or the mirror's file) into {@link #room()}, the sink hashes those bytes and writes
 * them from the same buffer, all on one thread, with no chunk handed on, copied into the heap, or
 * allocated per read. What that saves against a client that hands chunks to other threads is in the
 * README's Performance.
 *
 * <p>{@link #room()} and {@link #filled} are called only from inside {@link #receive}: on the sink's
 * thread, which may block, in order with everything else the sink does there. When the reception's
 * future completes, nothing of it runs any more.
 */
public interface FileSink {
  /**
   * Runs the reception on the sink's thread, after everything given to that thread before it.
   *
   * @return completes with the reception's outcome, once nothing of it runs any more
   */
  <T> Future<T> receive(Callable<T> reception);

  /**
   * Where the next bytes go: a buffer with room from its position to its limit, at most as many bytes
   * as the file still lacks (the transport may lower the limit further). It may throw the sink's own
   * failure (a full disk).
   */
  ByteBuffer room();

  /**
   * {@code n} bytes were read into the buffer {@link #room()} gave last, from its position on: taken,
   * and written once the buffer is full. It may throw the sink's own failure.
   */
  void filled(int n);

  /**
   * The transport has read every byte that has come so far: the next read waits for the sender. The
   * bytes gathered need not wait for a full buffer then (a reader may be following the file as it
   * arrives). It may throw the sink's own failure.
   */
  void caughtUp();

  /** Bytes that just arrived, for progress that moves as the transfer does; called on the sink's thread. Must not block. */
  default void arrived(int bytes) {}

  /**
   * Calls the sink: its own failures are the service's (the disk, the memory), never to be taken for
   * the remote's. One that is not an {@link ImageCacheException} already becomes a {@link StorageException}.
   */
  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (ImageCacheException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
      throw new StorageException("Failed writing the image store: " + cause, e);
    }
  }

  /** The same sink, with {@code onArrived} told of the bytes as they arrive, before the sink is. */
  static FileSink observing(FileSink sink, IntConsumer onArrived) {
    return new FileSink() {
      @Override
      public <T> Future<T> receive(Callable<T> reception) {
        return sink.receive(reception);
      }

      @Override
      public ByteBuffer room() {
        return sink.room();
      }

      @Override
      public void filled(int n) {
        sink.filled(n);
      }

      @Override
      public void caughtUp() {
        sink.caughtUp();
      }

      @Override
      public void arrived(int bytes) {
        onArrived.accept(bytes);
        sink.arrived(bytes);
      }
    };
  }

  /** {@link #call} for a call that returns nothing. */
  static void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }
}

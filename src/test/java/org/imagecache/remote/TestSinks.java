package org.imagecache.remote;

import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Sinks for transport tests: each read's bytes handled at once, on a thread of the sink's own. */
final class TestSinks {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-sink");
    t.setDaemon(true);
    return t;
  });

  private TestSinks() {}

  /** Takes every byte and keeps nothing. */
  static FileSink discarding() {
    return of(bytes -> { });
  }

  /** Runs the action on each read's bytes (a view of them); its exception is the sink's failure. */
  static FileSink of(Consumer<ByteBuffer> onBytes) {
    return new FileSink() {
      private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

      @Override
      public <T> Future<T> receive(Callable<T> reception) {
        return Future.fromCompletionStage(CompletableFuture.supplyAsync(() -> {
          try {
            return reception.call();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }, THREADS)).recover(e -> Future.failedFuture(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e));
      }

      @Override
      public ByteBuffer room() {
        return buffer.duplicate();
      }

      @Override
      public void filled(int n) {
        onBytes.accept(buffer.duplicate().limit(buffer.position() + n).asReadOnlyBuffer());
      }

      @Override
      public void caughtUp() {
        // nothing gathered
      }
    };
  }
}

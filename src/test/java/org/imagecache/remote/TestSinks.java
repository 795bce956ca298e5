package org.imagecache.remote;

import io.vertx.core.Future;
import java.util.function.Consumer;

/** Sinks for transport tests: each batch handled at once, where it arrives. */
final class TestSinks {
  private TestSinks() {}

  /** Takes every batch and keeps nothing. */
  static ChunkSink discarding() {
    return of(batch -> { });
  }

  /** Runs the action for each batch; its exception is the write's failure. */
  static ChunkSink of(Consumer<Batch> onBatch) {
    return new ChunkSink() {
      @Override
      public Future<Void> write(Batch batch) {
        try {
          onBatch.accept(batch);
          return Future.succeededFuture();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      }

      @Override
      public void abandon() {
        // nothing queued
      }
    };
  }
}

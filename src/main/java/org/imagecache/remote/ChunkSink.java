package org.imagecache.remote;

import io.vertx.core.Future;

/**
 * Takes a downloaded file's bytes, in order, a batch at a time. Its calls come from the transfer's
 * event loop and must not block: the sink does its writing elsewhere and says through the future
 * when a batch is done with.
 */
public interface ChunkSink {
  /**
   * Takes the next batch (the sink may keep its buffers until the future completes).
   *
   * @return completes once the batch is written (or, after {@link #abandon()}, dropped); fails with
   *     the sink's own error (a full disk)
   */
  Future<Void> write(Batch batch);

  /**
   * The transfer failed or was cancelled: batches not yet written may be dropped. No batch comes
   * after it; the transfer reports its failure only once every batch's future has completed.
   */
  void abandon();

  /**
   * Bytes that just arrived from the network, before they are gathered into a batch: for progress
   * that moves as the transfer does. Must not block.
   */
  default void arrived(int bytes) {}
}

package org.imagecache.remote;

import io.vertx.core.buffer.Buffer;

/** Receives a downloaded file's bytes in order, on a worker thread (so it may write to disk and hash). */
@FunctionalInterface
public interface ChunkSink {
  void write(Buffer chunk) throws Exception;

  /**
   * Bytes that just arrived from the network, before they are gathered into a batch for {@link #write}:
   * for progress that moves as the transfer does. Called on the event loop; must not block.
   */
  default void arrived(int bytes) {}
}

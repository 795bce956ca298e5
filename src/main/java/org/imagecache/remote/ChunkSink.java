package org.imagecache.remote;

import io.vertx.core.buffer.Buffer;

/** Receives a downloaded file's bytes in order, on a worker thread (so it may write to disk and hash). */
@FunctionalInterface
public interface ChunkSink {
  void write(Buffer chunk) throws Exception;
}

package org.imagecache.remote;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Consecutive bytes of a body as the network delivered them: the chunks themselves, not a copy. Each
 * reader (the file writer, the digest) takes its own views with {@link #views()}, so that they can
 * read the same bytes at the same time.
 */
public final class Batch {
  private final List<Buffer> chunks;
  private final long bytes;

  Batch(List<Buffer> chunks, long bytes) {
    this.chunks = List.copyOf(chunks);
    this.bytes = bytes;
  }

  public long bytes() {
    return bytes;
  }

  /** Fresh read-only views of the chunks, in order, each positioned at its first byte (no copy). */
  public ByteBuffer[] views() {
    ByteBuffer[] out = new ByteBuffer[chunks.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((BufferInternal) chunks.get(i)).getByteBuf().nioBuffer();
    }
    return out;
  }
}

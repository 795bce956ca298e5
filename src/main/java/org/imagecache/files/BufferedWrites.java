package org.imagecache.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Writes through the page cache: direct bytes as they are, heap bytes copied into one direct staging
 * buffer first. The JDK would otherwise copy each heap buffer into a temporary direct buffer of its
 * own, cached per thread and reallocated whenever a larger one is needed, which under eight downloads
 * at once ran the direct-memory limit of a small heap out.
 */
final class BufferedWrites implements FileWrites {
  /** Bytes of the direct buffer heap bytes are gathered in before a write (allocated at the first heap bytes). */
  private static final int STAGING_BYTES = 256 * 1024;
  private final FileChannel channel;
  private @Nullable ByteBuffer staging;
  private long appended;

  BufferedWrites(FileChannel channel) {
    this.channel = channel;
  }

  @Override
  public void append(ByteBuffer b) throws IOException {
    appended += b.remaining();
    if (b.isDirect()) {
      flush();
      while (b.hasRemaining()) {
        channel.write(b);
      }
      return;
    }
    if (staging == null) {
      staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    }
    while (b.hasRemaining()) {
      int n = Math.min(b.remaining(), staging.remaining());
      staging.put(b.slice(b.position(), n));
      b.position(b.position() + n);
      if (!staging.hasRemaining()) {
        flush();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    if (staging == null || staging.position() == 0) {
      return;
    }
    staging.flip();
    while (staging.hasRemaining()) {
      channel.write(staging);
    }
    staging.clear();
  }

  @Override
  public void finish() throws IOException {
    flush();
  }

  @Override
  public long inFile() {
    return appended - (staging == null ? 0 : staging.position());
  }

  @Override
  public FileChannel channel() {
    return channel;
  }
}

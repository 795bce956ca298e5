package org.imagecache.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * How a temp file's bytes reach its channel: gathered in one direct staging buffer and written a whole
 * number of {@link #alignment() alignment} units at a time. With {@code O_DIRECT} (where the
 * filesystem takes it, {@link #create}) the unit is the filesystem's block and the buffer aligned to it:
 * the bytes go to the disk without the page cache. On this machine's ext4 that costs a fraction of the
 * CPU of a buffered write into a new file (see the README's Performance), and leaves the page cache to
 * what is read. The last, partial block is written padded and the file cut back to its length by
 * {@link #finish()}. Through the page cache (tmpfs on older kernels, some network filesystems) the
 * unit is a byte and the buffer a smaller one. The bytes are read straight into the buffer
 * ({@link #room()}, {@link #filled(int)}): none is copied on the way. Not thread-safe: one
 * {@link PartialFile}'s lane.
 */
final class FileWrites {
  /** Bytes gathered before an {@code O_DIRECT} write: each waits for the disk, so fewer and larger ones keep it streaming. */
  static final int DIRECT_STAGING_BYTES = 1024 * 1024;
  /** Bytes gathered before a write through the page cache. */
  private static final int BUFFERED_STAGING_BYTES = 256 * 1024;
  private final FileChannel channel;
  private final int alignment;
  private final int stagingBytes;
  /** Allocated at the first bytes that need it. */
  private @Nullable ByteBuffer staging;
  private long inFile;

  private FileWrites(FileChannel channel, int alignment, int stagingBytes) {
    this.channel = channel;
    this.alignment = alignment;
    this.stagingBytes = stagingBytes;
  }

  /**
   * Creates the file for writing: with {@code O_DIRECT} when the filesystem takes it, else through the
   * page cache.
   */
  static FileWrites create(Path file) throws IOException {
    FileChannel direct = null;
    try {
      direct = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
      return direct(direct, Files.getFileStore(file).getBlockSize());
    } catch (IOException | UnsupportedOperationException refused) {
      if (direct != null) {
        direct.close();
      }
      Files.deleteIfExists(file);
      return buffered(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }
  }

  /** Writes to a channel opened with {@code O_DIRECT} on a filesystem of this block size. */
  static FileWrites direct(FileChannel channel, long block) throws IOException {
    if (block <= 0 || Long.bitCount(block) != 1 || block > DIRECT_STAGING_BYTES) {
      throw new IOException("not a usable block size for O_DIRECT: " + block);
    }
    return new FileWrites(channel, (int) block, DIRECT_STAGING_BYTES);
  }

  /** Writes to a channel through the page cache. */
  static FileWrites buffered(FileChannel channel) {
    return new FileWrites(channel, 1, BUFFERED_STAGING_BYTES);
  }

  /**
   * Where bytes may be read in directly: a view of the staging buffer from where its bytes end to its
   * end. Say how many were put there with {@link #filled(int)}; until then nothing else may be appended.
   */
  ByteBuffer room() {
    return staging().duplicate();
  }

  /** {@code n} bytes were put into {@link #room()}: they are gathered, and written once the buffer is full. */
  void filled(int n) throws IOException {
    ByteBuffer s = staging();
    if (n < 0 || n > s.remaining()) {
      throw new IllegalArgumentException(n + " bytes filled into a room of " + s.remaining());
    }
    s.position(s.position() + n);
    if (!s.hasRemaining()) {
      flush();
    }
  }

  /** Writes what can be written now; what waits afterwards is less than one alignment unit. */
  void flush() throws IOException {
    if (staging == null) {
      return;
    }
    int gathered = staging.position();
    int whole = gathered / alignment * alignment;
    if (whole == 0) {
      return;
    }
    staging.flip().limit(whole);
    writeFully(staging);
    inFile += whole;
    staging.limit(gathered).position(whole);
    staging.compact();
  }

  /** Writes everything, the file then exactly as long as the bytes appended. */
  void finish() throws IOException {
    flush();
    int tail = staging == null ? 0 : staging.position();
    if (tail == 0) {
      return;
    }
    ByteBuffer s = staging();
    while (s.position() < alignment) {
      s.put((byte) 0);
    }
    s.flip();
    writeFully(s);
    s.clear();
    inFile += tail;
    channel.truncate(inFile);
  }

  /** Bytes in the file (a reader may read up to here); trails the bytes appended by what waits. */
  long inFile() {
    return inFile;
  }

  /** The unit bytes are written in: the filesystem's block with {@code O_DIRECT}, else 1. */
  int alignment() {
    return alignment;
  }

  FileChannel channel() {
    return channel;
  }

  private ByteBuffer staging() {
    if (staging == null) {
      staging = ByteBuffer.allocateDirect(stagingBytes + alignment).alignedSlice(alignment);
    }
    return staging;
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }
}

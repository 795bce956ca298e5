package org.imagecache.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a temp file's bytes reach its channel: {@link DirectWrites} past the page cache where the
 * filesystem allows it, else {@link BufferedWrites}. Not thread-safe: one {@link PartialFile}'s lane.
 */
sealed interface FileWrites permits DirectWrites, BufferedWrites {

  /** Takes the buffer's remaining bytes (the buffer is consumed); some may wait in memory until {@link #flush()}. */
  void append(ByteBuffer b) throws IOException;

  /** Writes what can be written now; what waits afterwards is at most less than a block. */
  void flush() throws IOException;

  /** Writes everything, the file then exactly as long as the bytes appended. */
  void finish() throws IOException;

  /** Bytes in the file (a reader may read up to here); trails the bytes appended by what waits. */
  long inFile();

  FileChannel channel();

  /**
   * Creates the file for writing: with {@code O_DIRECT} when the filesystem takes it, else (tmpfs on
   * older kernels, some network filesystems) through the page cache.
   */
  static FileWrites create(Path file) throws IOException {
    FileChannel direct = null;
    try {
      direct = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
      return new DirectWrites(direct, Files.getFileStore(file).getBlockSize());
    } catch (IOException | UnsupportedOperationException refused) {
      if (direct != null) {
        direct.close();
      }
      Files.deleteIfExists(file);
      return new BufferedWrites(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }
  }
}

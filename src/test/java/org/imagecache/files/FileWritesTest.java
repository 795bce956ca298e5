package org.imagecache.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ways a temp file is written give the file exactly the bytes put into its buffer, whatever the sizes of the reads. */
class FileWritesTest {
  private static final int BLOCK = 4096;
  /** Sizes that straddle blocks and the direct staging buffer. */
  private static final List<Integer> SIZES = List.of(1, 4095, 4097, FileWrites.DIRECT_STAGING_BYTES + 3, 65536, 7, BLOCK, 300_001);
  @TempDir Path dir;

  @Test
  void direct_writesWholeBlocksAsTheyFill_andTheSealedFileHasExactlyTheBytes() throws IOException {
    assumeTrue(acceptsDirect(dir), "this filesystem refuses O_DIRECT: " + dir);
    Path file = dir.resolve("direct");
    FileWrites writes = FileWrites.create(file);
    assertThat(writes.alignment()).as("O_DIRECT, in the filesystem's blocks").isEqualTo(Files.getFileStore(file).getBlockSize());
    byte[] expected = appendAll(writes, file);
    finish(writes);
    assertThat(writes.inFile()).isEqualTo(expected.length);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  @Test
  void direct_aLengthOfWholeBlocks_isNeitherPaddedNorCut() throws IOException {
    assumeTrue(acceptsDirect(dir), "this filesystem refuses O_DIRECT: " + dir);
    Path file = dir.resolve("blocks");
    FileWrites writes = FileWrites.create(file);
    byte[] bytes = random(3 * BLOCK, 7);
    put(writes, bytes);
    writes.flush();
    assertThat(writes.inFile()).isEqualTo(bytes.length);
    finish(writes);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void direct_anEmptyFile_staysEmpty() throws IOException {
    assumeTrue(acceptsDirect(dir), "this filesystem refuses O_DIRECT: " + dir);
    Path file = dir.resolve("empty");
    finish(FileWrites.create(file));
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void buffered_writesEveryFlushOut_andTheFileHasExactlyTheBytes() throws IOException {
    Path file = dir.resolve("buffered");
    FileWrites writes = FileWrites.buffered(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    byte[] expected = appendAll(writes, file);
    assertThat(writes.inFile()).as("nothing waits after a flush").isEqualTo(expected.length);
    finish(writes);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  /**
   * Puts every size in, flushing after each; checks what a reader of the file meanwhile may rely on:
   * the file holds {@code inFile()} bytes, and they are the right ones.
   */
  private static byte[] appendAll(FileWrites writes, Path file) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int seed = 0;
    for (int size : SIZES) {
      byte[] bytes = random(size, seed++);
      all.write(bytes);
      put(writes, bytes);
      writes.flush();
      long appended = all.size();
      assertThat(appended - writes.inFile()).as("what waits after a flush").isBetween(0L, (long) BLOCK - 1);
      assertThat(Files.size(file)).as("no padding shows mid-way").isEqualTo(writes.inFile());
      byte[] inFile = Files.readAllBytes(file);
      assertThat(inFile).isEqualTo(java.util.Arrays.copyOf(all.toByteArray(), inFile.length));
    }
    return all.toByteArray();
  }

  /** Puts the bytes in as a download does: read by read into the room the buffer has. */
  static void put(FileWrites writes, byte[] bytes) throws IOException {
    for (int off = 0; off < bytes.length; ) {
      ByteBuffer room = writes.room();
      int n = Math.min(room.remaining(), bytes.length - off);
      room.put(bytes, off, n);
      writes.filled(n);
      off += n;
    }
  }

  private static void finish(FileWrites writes) throws IOException {
    writes.finish();
    writes.channel().close();
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static boolean acceptsDirect(Path dir) {
    Path probe = dir.resolve("probe");
    try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
      return ch.isOpen();
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // the probe is the temp dir's, which goes anyway
      }
    }
  }
}

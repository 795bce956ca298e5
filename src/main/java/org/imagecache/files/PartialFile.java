package org.imagecache.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.imagecache.failure.FileVerificationException;

/**
 * A file being written: bytes go to a temp file beside the target, counted against the size it must
 * end with. {@link #seal()} checks the size and forces the bytes to disk; {@link #commit()} then moves
 * the temp file into place atomically (the caller syncs the directory once its files are all in
 * place, see {@link ImageFileStore#syncDirectory()}). Until committed, {@link #discard()} (safe at any
 * time, and after a commit a no-op) removes the temp file. Not thread-safe: its calls come from one
 * {@link Lane}. The bytes go to the disk past the page cache where the filesystem allows it
 * ({@link FileWrites}); the file then trails the bytes taken by less than a block until the seal.
 *
 * <p>What the bytes must hash to is checked by the caller over all of an image's files at once (the
 * fingerprint); {@link #digestOnDisk()} reads the sealed file back to say which file was wrong.
 *
 * <p>Failure: {@link FileVerificationException} when the bytes end short of the expected size or
 * go past it ({@link #room()} offers no more than the file lacks); {@link org.imagecache.failure.InsufficientStorageException} when the filesystem fills up (see
 * {@link StorageFailures}); the temp file is then removed.
 */
public final class PartialFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final long expectedSize;
  private final FileWrites writes;
  /** Bytes taken, counted against the expected size (the file may trail them by less than a block until the seal). */
  private long taken;
  private boolean sealed;
  private boolean done;

  private PartialFile(Path target, Path temp, long expectedSize, FileWrites writes) {
    this.target = target;
    this.temp = temp;
    this.expectedSize = expectedSize;
    this.writes = writes;
  }

  static PartialFile create(Path target, long expectedSize) {
    Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ImageFileStore.PARTIAL_SUFFIX);
    try {
      return new PartialFile(target, temp, expectedSize, FileWrites.create(temp));
    } catch (IOException e) {
      throw StorageFailures.of("creating", temp, e);
    }
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public Path target() {
    return target;
  }

  /** The temp file the bytes go to until the commit (a reader may open it: the commit keeps its inode). */
  public Path temp() {
    return temp;
  }

  /** Bytes in the temp file so far: a reader of it may read up to here. */
  public long written() {
    return writes.inFile();
  }

  /**
   * Where the next bytes may be read in directly (the file's own staging buffer, aligned for
   * {@code O_DIRECT}), at most as many as the file still lacks. Say how many with {@link #filled(int)}.
   */
  public ByteBuffer room() {
    ByteBuffer room = writes.room();
    long lacking = expectedSize - taken;
    if (lacking < room.remaining()) {
      room.limit(room.position() + (int) lacking);
    }
    return room;
  }

  /**
   * {@code n} bytes were read into {@link #room()}: taken, and written once the buffer is full. More
   * than the file lacks is refused, and the temp file removed.
   */
  public void filled(int n) {
    if (n > expectedSize - taken) {
      discard();
      throw new FileVerificationException("size_mismatch", "Failed writing " + target.getFileName()
          + ": more than the advertised " + expectedSize + " bytes");
    }
    try {
      writes.filled(n);
    } catch (IOException e) {
      discard();
      throw StorageFailures.of("writing", temp, e);
    }
    taken += n;
  }

  /** Writes the whole blocks gathered so far (the rest waits for more bytes, or the seal). */
  public void flush() {
    try {
      writes.flush();
    } catch (IOException e) {
      discard();
      throw StorageFailures.of("writing", temp, e);
    }
  }

  /** Checks the size, forces the bytes to disk and closes the temp file. */
  public void seal() {
    if (taken != expectedSize) {
      discard();
      throw new FileVerificationException("size_mismatch", "Failed verifying " + target.getFileName()
          + ": got " + taken + " bytes, expected " + expectedSize);
    }
    try {
      writes.finish();
      writes.channel().force(true);
      writes.channel().close();
    } catch (IOException e) {
      discard();
      throw StorageFailures.of("syncing", temp, e);
    }
    sealed = true;
  }

  /** The SHA-256 of the sealed temp file, read back from disk (to name a file that does not match). */
  public String digestOnDisk() {
    MessageDigest md = sha256();
    try {
      digest(temp, md);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed reading back " + temp, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Feeds a file's bytes to each digest (a symbolic link is not followed). Reads every byte: blocking. */
  static void digest(Path file, MessageDigest... digests) throws IOException {
    byte[] buf = new byte[256 * 1024]; // under half a G1 region of a small heap: never humongous
    try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        for (MessageDigest md : digests) {
          md.update(buf, 0, n);
        }
      }
    }
  }

  /** Moves the sealed temp file into place atomically; returns the target. */
  public Path commit() {
    if (!sealed) {
      throw new IllegalStateException("commit before seal: " + target);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
      return target;
    } catch (IOException e) {
      discard();
      throw StorageFailures.of("moving into place", temp, e);
    }
  }

  /** Removes the temp file unless committed. */
  public void discard() {
    if (done) {
      return;
    }
    done = true;
    try {
      writes.channel().close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed removing " + temp, e);
    }
  }

  @Override
  public void close() {
    discard();
  }
}

package org.imagecache.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A file being written: bytes go to a temp file beside the target while their SHA-256 and count are
 * taken. {@link #verify()} checks size and hash and syncs to disk; {@link #commit()} moves the temp
 * file into place atomically. Until committed, {@link #discard()} (safe to call at any time, and
 * after a commit a no-op) removes the temp file. Not thread-safe: one writer at a time.
 *
 * <p>Failure: {@link FileVerificationException} when bytes go past the expected size, or the size or
 * hash do not match; {@link org.imagecache.image.InsufficientStorageException} when the filesystem fills
 * up (see {@link StorageFailures}); the temp file is then removed.
 */
public final class PartialFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final long expectedSize;
  private final String expectedSha256;
  private final MessageDigest digest;
  private final FileChannel channel;
  private long written;
  private boolean verified;
  private boolean done;

  private PartialFile(Path target, Path temp, long expectedSize, String expectedSha256, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.expectedSize = expectedSize;
    this.expectedSha256 = expectedSha256;
    this.digest = sha256();
    this.channel = channel;
  }

  static PartialFile create(Path target, long expectedSize, String expectedSha256) {
    Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ImageFileStore.PARTIAL_SUFFIX);
    try {
      FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new PartialFile(target, temp, expectedSize, expectedSha256, ch);
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

  public long written() {
    return written;
  }

  /** Appends bytes (the buffer is consumed). Refuses any byte past the expected size. */
  public void write(ByteBuffer bytes) {
    int n = bytes.remaining();
    if (written + n > expectedSize) {
      discard();
      throw new FileVerificationException("size_mismatch", "Failed writing " + target.getFileName()
          + ": more than the advertised " + expectedSize + " bytes");
    }
    digest.update(bytes.duplicate());
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      discard();
      throw StorageFailures.of("writing", temp, e);
    }
    written += n;
  }

  /** Checks size and SHA-256, and syncs the bytes to disk. */
  public void verify() {
    if (written != expectedSize) {
      discard();
      throw new FileVerificationException("size_mismatch", "Failed verifying " + target.getFileName()
          + ": got " + written + " bytes, expected " + expectedSize);
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expectedSha256)) {
      discard();
      throw new FileVerificationException("hash_mismatch", "Failed verifying " + target.getFileName()
          + ": SHA-256 is " + actual + ", expected " + expectedSha256);
    }
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      discard();
      throw StorageFailures.of("syncing", temp, e);
    }
    verified = true;
  }

  /** Moves the verified temp file into place atomically; returns the target. */
  public Path commit() {
    if (!verified) {
      throw new IllegalStateException("commit before verify: " + target);
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
      channel.close();
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

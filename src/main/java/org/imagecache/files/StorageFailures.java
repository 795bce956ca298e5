package org.imagecache.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.imagecache.failure.Causes;
import org.imagecache.failure.InsufficientStorageException;

/**
 * Turns an I/O failure of the image store into the exception the API answers: a full filesystem or an
 * exhausted quota (the JDK reports {@code errno} only as its message) is {@link
 * InsufficientStorageException} (507 {@code insufficient_storage}); anything else stays an I/O failure.
 */
public final class StorageFailures {
  /** strerror() texts of ENOSPC, EDQUOT and EFBIG (a file-size limit such as {@code ulimit -f}). */
  private static final List<String> FULL = List.of("no space left on device", "disk quota exceeded", "file too large");

  private StorageFailures() {}

  /** True when the failure says the filesystem (or this process's share of it) is full. */
  public static boolean isFull(IOException e) {
    return Causes.any(e, t -> {
      String message = t.getMessage();
      return message != null && FULL.stream().anyMatch(message.toLowerCase(Locale.ROOT)::contains);
    });
  }

  /**
   * The exception to throw for {@code e}, which happened while {@code doing} ("writing") {@code file}.
   * The 507's message names only the file's name, never the data directory's path.
   */
  public static RuntimeException of(String doing, Path file, IOException e) {
    if (isFull(e)) {
      String why = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
      return new InsufficientStorageException("The image store's filesystem is full (" + why + ") while " + doing + " "
          + file.getFileName(), e);
    }
    return new UncheckedIOException("Failed " + doing + " " + file, e);
  }
}

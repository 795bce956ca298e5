package org.imagecache.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.imagecache.image.InsufficientStorageException;

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
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && FULL.stream().anyMatch(message.toLowerCase(Locale.ROOT)::contains)) {
        return true;
      }
    }
    return false;
  }

  /** The exception to throw for {@code e}, which happened while doing {@code what}. */
  public static RuntimeException of(String what, IOException e) {
    if (isFull(e)) {
      return new InsufficientStorageException("The image store's filesystem is full: " + what + " (" + e.getMessage() + ")", e);
    }
    return new UncheckedIOException(what, e);
  }
}

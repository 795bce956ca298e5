package org.imagecache.failure;

import org.jspecify.annotations.Nullable;

/**
 * The image store cannot hold a download: its filesystem has too little room even after pruning what
 * policy allows, or it filled up while the download was being written (ENOSPC, a quota).
 */
public final class InsufficientStorageException extends ImageCacheException {
  public InsufficientStorageException(String message) {
    this(message, null);
  }

  public InsufficientStorageException(String message, @Nullable Throwable cause) {
    super(Kind.INSUFFICIENT_STORAGE, "insufficient_storage", message, cause);
  }
}

package org.imagecache.failure;

/**
 * This host's own storage failed a write or a removal (a read-only or immutable directory, an I/O
 * error): not the remote's fault, and not a full disk ({@link InsufficientStorageException}). The API
 * answers 500 with reason {@code storage_error} and the cause in the message.
 */
public final class StorageException extends ImageCacheException {
  public StorageException(String message, Throwable cause) {
    super(Kind.STORAGE, "storage_error", message, cause);
  }
}

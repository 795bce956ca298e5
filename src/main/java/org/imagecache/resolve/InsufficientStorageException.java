package org.imagecache.resolve;

import org.imagecache.image.ImageCacheException;

/** The image store's filesystem cannot hold a download, even after pruning what policy allows. */
public final class InsufficientStorageException extends ImageCacheException {
  public InsufficientStorageException(String message) {
    super("insufficient_storage", message, null);
  }
}

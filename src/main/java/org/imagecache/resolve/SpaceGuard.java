package org.imagecache.resolve;

import io.vertx.core.Future;

/**
 * Asked before a download: makes room for it (a disk-pressure prune when the store would pass its high
 * watermark) and fails with {@link org.imagecache.failure.InsufficientStorageException} when the filesystem cannot hold it.
 */
@FunctionalInterface
public interface SpaceGuard {
  Future<Void> makeRoom(long bytes);

  SpaceGuard NONE = bytes -> Future.succeededFuture();
}

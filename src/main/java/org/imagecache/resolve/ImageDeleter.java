package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.imagecache.failure.ConflictException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.LocalImage;
import org.imagecache.metrics.ImageCacheMetrics;

/**
 * Deletes an image record safely: refused while any lease holds it (in memory or in the database),
 * and, when the cache decided it, while a recent mirror listing protects it ({@link ListingBook});
 * once begun, no lookup can take a new lease on it. The record goes first; the files go only when no
 * record in any project still refers to them, under the fingerprint lock.
 */
public final class ImageDeleter {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImageDeleter.class);
  private final Vertx vertx;
  private final ImageFileStore files;
  private final LeaseBook leases;
  private final FingerprintLocks locks;
  private final LocalImages local;
  private final Clock clock;
  private final ImageCacheMetrics metrics;

  public ImageDeleter(Vertx vertx, ImageFileStore files, LeaseBook leases, FingerprintLocks locks, LocalImages local, Clock clock,
      ImageCacheMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.files = files;
    this.leases = leases;
    this.locks = locks;
    this.local = local;
    this.clock = clock;
  }

  /**
   * @param decider who decided it: the cache's own deletions are also refused while a mirror listing
   *     protects the image ({@code recently_listed})
   * @return bytes freed on disk (0 when another record keeps the files)
   */
  public Future<Long> delete(LocalImage image, String reason, Decider decider) {
    if (!leases.beginDelete(image.id())) {
      metrics.deletionBlocked();
      return Future.failedFuture(new ConflictException("image_in_use", "Image " + image.fingerprint().shortForm()
          + " of project " + image.project() + " is leased by a launch"));
    }
    // the lease book is settled before the lock is released, so a lookup waiting on the lock sees the outcome
    return locks.withLock(image.fingerprint(), () -> local.deleteRecord(image, reason, clock.instant(), decider)
        .compose(deletion -> (deletion == LocalImages.Deletion.RECORD ? Future.succeededFuture(0L)
            : vertx.executeBlocking(() -> removeFiles(image), false)).map(bytes -> {
              if (deletion == LocalImages.Deletion.THIS_MEMBERS_COPY) {
                leases.abortDelete(image.id()); // the record stays: a launch may lease it again (and fetch it from a member)
                LOG.info("removed this member's copy of image {} ({}): {} bytes freed; the record stays for the members that hold it",
                    image.fingerprint(), reason, bytes);
              } else {
                leases.deleted(image.id());
                LOG.info("deleted image {} of project {} ({}): {} bytes freed", image.fingerprint(), image.project(), reason, bytes);
              }
              metrics.imageDeleted(reason, bytes);
              return bytes;
            }))
        .onFailure(x -> leases.abortDelete(image.id())));
  }

  /**
   * The record is gone (committed): a file that cannot be removed now (an immutable directory, an I/O
   * error) is logged and left for the next start's sweep, rather than failing a delete that happened.
   */
  private long removeFiles(LocalImage image) {
    try {
      return files.delete(image.fingerprint());
    } catch (java.io.UncheckedIOException e) {
      LOG.warn("image {}: its record is deleted but its files could not be removed ({}); the next start's sweep removes them",
          image.fingerprint().shortForm(), e.getCause() == null ? e.getMessage() : e.getCause().toString());
      return 0L;
    }
  }
}

package org.imagecache.server;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.imagecache.files.ImageFileStore;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.operations.Operations;
import org.imagecache.resolve.FingerprintLocks;
import org.imagecache.resolve.ImageDeleter;
import org.imagecache.resolve.LeaseBook;
import org.imagecache.resolve.LocalImages;
import org.imagecache.resolve.LookupCounters;
import org.imagecache.resolve.UsageRecorder;
import org.imagecache.store.Database;

/**
 * What every feature stands on: the database and the image store, the records in them, the locks and
 * leases that guard them, the uses noted for the write-behind, and the one way an image is deleted.
 * Built the same way by the service and by the component tests.
 */
public record StorageModule(
    Vertx vertx,
    Clock clock,
    ImageCacheMetrics metrics,
    Database db,
    ImageFileStore files,
    LocalImages local,
    FingerprintLocks locks,
    LeaseBook leaseBook,
    UsageRecorder usage,
    Operations operations,
    LookupCounters counters,
    ImageDeleter deleter) {

  /** The parts over an open database and store, for the member named {@code member}; {@code launchLease} is read at each lookup. */
  public static StorageModule over(Vertx vertx, Clock clock, ImageCacheMetrics metrics, Database db, ImageFileStore files,
      String member, Supplier<Duration> launchLease) {
    LocalImages local = new LocalImages(db, member, clock);
    FingerprintLocks locks = new FingerprintLocks();
    LeaseBook leaseBook = new LeaseBook(clock, launchLease);
    return new StorageModule(vertx, clock, metrics, db, files, local, locks, leaseBook, new UsageRecorder(clock), new Operations(clock),
        new LookupCounters(clock.instant()), new ImageDeleter(vertx, files, leaseBook, locks, local, clock, metrics));
  }
}

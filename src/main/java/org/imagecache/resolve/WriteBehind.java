package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes to the database every second, and once more at shutdown: the records of images taken in while
 * it was out of reach, then last-use times and launch leases.
 */
public final class WriteBehind {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
  static final long PERIOD_MS = 1000;

  private final Vertx vertx;
  private final Database db;
  private final UsageRecorder usage;
  private final LeaseBook leases;
  private final ImageCacheMetrics metrics;
  private final DeferredRecords records;
  private final ImageRepository images = new ImageRepository();
  private final LeaseRepository leaseRepo = new LeaseRepository();
  private long timer = -1;
  private Future<?> running = Future.succeededFuture();

  public WriteBehind(Vertx vertx, Database db, UsageRecorder usage, LeaseBook leases, DeferredRecords records, ImageCacheMetrics metrics) {
    this.records = records;
    this.vertx = vertx;
    this.db = db;
    this.usage = usage;
    this.leases = leases;
    this.metrics = metrics;
  }

  public void start() {
    timer = vertx.setPeriodic(PERIOD_MS, id -> {
      if (running.isComplete()) {
        running = flush();
      }
    });
  }

  /** Writes what is pending now. */
  public Future<Void> flush() {
    return records.write()
        .recover(e -> {
          if (!org.imagecache.failure.ServiceUnavailableException.isDatabaseUnavailable(e)) {
            LOG.warn("records of images taken in while the database was out of reach not written yet (retried in {} ms): {}", PERIOD_MS,
                e.toString());
          }
          return Future.<Void>succeededFuture();
        })
        .compose(x -> usage.flush(db, images))
        .compose(x -> leases.flush(db, leaseRepo, images))
        .<Void>mapEmpty()
        .onSuccess(x -> metrics.writeBehindFlushed())
        .onFailure(e -> {
          metrics.writeBehindFailed();
          LOG.warn("write-behind flush failed (retried in {} ms): {}", PERIOD_MS, e.toString());
        });
  }

  /** Stops the timer and flushes the rest. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return running.transform(x -> flush());
  }
}

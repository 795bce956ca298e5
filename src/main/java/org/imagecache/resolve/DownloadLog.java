package org.imagecache.resolve;

import java.time.Clock;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.image.CacheEvent;
import org.imagecache.image.RemoteImage;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.store.Database;
import org.imagecache.store.EventRepository;

/** What a finished download leaves behind: the counters move and the audit log gets {@code image-downloaded}. */
public class DownloadLog {
  private final LookupCounters counters;
  private final Database db;
  private final Clock clock;
  private final EventRepository events = new EventRepository();
  private final ImageCacheMetrics metrics;

  public DownloadLog(LookupCounters counters, Database db, Clock clock, ImageCacheMetrics metrics) {
    this.metrics = metrics;
    this.counters = counters;
    this.db = db;
    this.clock = clock;
  }

  void downloaded(RemoteImage image, String remote, long nanos) {
    counters.downloaded(image.size());
    metrics.downloadSucceeded(image.size(), nanos);
    db.write(session -> events.append(session, CacheEvent.of(clock.instant(), "image-downloaded", image.fingerprint().hex(), null)
        .withBytes(image.size()).withDetail("from " + remote)));
  }

  /** A download that failed (and was discarded); the reason is the error's, or its class for a bug. */
  void failed(Throwable e) {
    metrics.downloadFailed(e instanceof ImageCacheException ice ? ice.reason() : "internal_error");
  }
}

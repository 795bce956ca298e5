package org.imagecache.resolve;

import java.time.Clock;
import org.imagecache.image.CacheEvent;
import org.imagecache.remote.simplestreams.CatalogImage;
import org.imagecache.store.Database;
import org.imagecache.store.EventRepository;

/** What a finished download leaves behind: the counters move and the audit log gets {@code image-downloaded}. */
public class DownloadLog {
  private final LookupCounters counters;
  private final Database db;
  private final Clock clock;
  private final EventRepository events = new EventRepository();

  public DownloadLog(LookupCounters counters, Database db, Clock clock) {
    this.counters = counters;
    this.db = db;
    this.clock = clock;
  }

  void downloaded(CatalogImage image, String remote) {
    counters.downloaded(image.size());
    db.write(dsl -> events.append(dsl, CacheEvent.of(clock.instant(), "image-downloaded", image.fingerprint().hex(), null)
        .withBytes(image.size()).withDetail("from " + remote)));
  }
}

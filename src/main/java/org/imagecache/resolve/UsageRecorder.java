package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;

/**
 * Last-use times, written behind: a lookup only notes the time in memory; {@link #flush} writes at most
 * one update per image per flush (the flusher runs every second and at shutdown), so the hot path
 * never waits on SQLite.
 */
public final class UsageRecorder {
  private final Map<Long, Instant> pending = new ConcurrentHashMap<>();
  private final Clock clock;

  public UsageRecorder(Clock clock) {
    this.clock = clock;
  }

  public void recordUse(long imageId) {
    pending.put(imageId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  /** The last use noted and not yet written, if any (so reads can show it before the flush). */
  public Instant pendingUse(long imageId) {
    return pending.get(imageId);
  }

  /** Writes the noted times in one transaction; returns how many images were updated. */
  public Future<Integer> flush(Database db, ImageRepository images) {
    List<Map.Entry<Long, Instant>> batch = new ArrayList<>(pending.entrySet());
    batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
    if (batch.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return db.write(dsl -> {
      int n = 0;
      for (Map.Entry<Long, Instant> e : batch) {
        n += images.markUsed(dsl, e.getKey(), e.getValue()) ? 1 : 0;
      }
      return n;
    }).onFailure(e -> batch.forEach(en -> pending.putIfAbsent(en.getKey(), en.getValue())));
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.jspecify.annotations.Nullable;

/**
 * Last-use times, written behind: a lookup only notes the time in memory; {@link #flush} writes at most
 * one update per image per flush (the flusher runs every second and at shutdown), so the hot path
 * never waits on SQLite. A noted time stays in memory until its write has committed, and a reader takes
 * {@link #noted} before it reads records: so no read falls between the two and shows an older use.
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

  /** The uses noted and not yet written, as of now; take it before reading the records it is merged into. */
  public Noted noted() {
    return new Noted(Map.copyOf(pending));
  }

  /** Uses noted in memory, merged into records read after them. */
  public final class Noted {
    private final Map<Long, Instant> before;

    private Noted(Map<Long, Instant> before) {
      this.before = before;
    }

    /** The image's last use: the latest of its record's, the one noted before the read and one noted since. */
    public @Nullable Instant lastUse(LocalImage image) {
      return latest(latest(image.lastUsedAt(), before.get(image.id())), pending.get(image.id()));
    }

    /** The record with its last use merged in. */
    public LocalImage merged(LocalImage image) {
      Instant last = lastUse(image);
      return Objects.equals(last, image.lastUsedAt()) ? image : image.withLastUsedAt(last);
    }

  }

  /** The later of two times, either of which may be absent. */
  static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || !b.isAfter(a) ? a : b;
  }

  /** Writes the noted times in one transaction; returns how many images were updated. */
  public Future<Integer> flush(Database db, ImageRepository images) {
    List<Map.Entry<Long, Instant>> batch = pending.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    if (batch.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return db.write(session -> {
      int n = 0;
      for (Map.Entry<Long, Instant> e : batch) {
        n += images.markUsed(session, e.getKey(), e.getValue()) ? 1 : 0;
      }
      return n;
    }).onSuccess(n -> batch.forEach(e -> pending.remove(e.getKey(), e.getValue())));
  }
}

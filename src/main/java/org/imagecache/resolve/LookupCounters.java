package org.imagecache.resolve;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters since the service started (they are not persisted; {@link Snapshot#since} says from when):
 * lookups, hits (answered from the cache), misses, downloads and their bytes.
 */
public final class LookupCounters {
  private final Instant since;
  private final LongAdder lookups = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder downloads = new LongAdder();
  private final LongAdder bytesDownloaded = new LongAdder();

  public LookupCounters(Instant since) {
    this.since = since;
  }

  /** A snapshot of the counters, counted since {@code since} (the service's start). */
  public record Snapshot(Instant since, long lookups, long hits, long misses, long failures, long downloads, long bytesDownloaded) {
    public double hitRate() {
      return lookups == 0 ? 0 : (double) hits / lookups;
    }
  }

  public void answered(boolean cached) {
    lookups.increment();
    (cached ? hits : misses).increment();
  }

  public void failed() {
    lookups.increment();
    failures.increment();
  }

  void downloaded(long bytes) {
    downloads.increment();
    bytesDownloaded.add(bytes);
  }

  public Snapshot snapshot() {
    return new Snapshot(since, lookups.sum(), hits.sum(), misses.sum(), failures.sum(), downloads.sum(), bytesDownloaded.sum());
  }
}

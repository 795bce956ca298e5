package org.imagecache.resolve;

import java.util.concurrent.atomic.LongAdder;

/** Counters since start: lookups, hits (answered from the cache), misses, downloads and their bytes. */
public final class LookupCounters {
  private final LongAdder lookups = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder downloads = new LongAdder();
  private final LongAdder bytesDownloaded = new LongAdder();

  /** A snapshot of the counters. */
  public record Snapshot(long lookups, long hits, long misses, long failures, long downloads, long bytesDownloaded) {
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
    return new Snapshot(lookups.sum(), hits.sum(), misses.sum(), failures.sum(), downloads.sum(), bytesDownloaded.sum());
  }
}

package org.imagecache.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a remote's catalog cache knows, as one immutable value that {@link RemoteCatalog} swaps
 * atomically: the snapshot in use (null before the first load or fetch), whether the stored copy was
 * already looked for on disk, whether a listed file went missing since, and the failures in a row with
 * the last error and the backoff they earned.
 *
 * @param snapshot the catalog in use, or null when none is known yet
 * @param diskChecked the stored copy was looked for (found or not); it is never loaded again
 * @param fromDisk the snapshot is the stored copy, not fetched since this process started
 * @param invalidated a file the snapshot lists answered 404: the next use must wait for a fetch
 * @param failures fetches failed in a row (0 after a success)
 * @param lastError the last fetch's error, null after a success
 * @param lastAttemptAt when the last fetch started, or null
 * @param backoffUntil no fetch but a forced one starts before this, or null
 */
record CatalogState(
    @Nullable CatalogSnapshot snapshot,
    boolean diskChecked,
    boolean fromDisk,
    boolean invalidated,
    int failures,
    @Nullable Throwable lastError,
    @Nullable Instant lastAttemptAt,
    @Nullable Instant backoffUntil) {

  static final CatalogState EMPTY = new CatalogState(null, false, false, false, 0, null, null, null);

  /** How a use may be answered, by the age of the catalog (RFC 5861's bands). */
  enum Freshness {
    /** No catalog at all: the use waits for a fetch, and fails with it. */
    NONE,
    /** Younger than {@code catalog_ttl}: answered from memory. */
    FRESH,
    /** Older, but within {@code catalog_stale_while_revalidate}: answered, one fetch in the background. */
    STALE_WHILE_REVALIDATE,
    /** Older than both, or invalidated: the use waits for a fetch, and answers stale only if it fails. */
    MUST_REVALIDATE
  }

  Optional<CatalogSnapshot> current() {
    return Optional.ofNullable(snapshot);
  }

  /** The band a use falls in now. */
  Freshness freshness(Instant now, Duration ttl, Duration staleWhileRevalidate) {
    if (snapshot == null) {
      return Freshness.NONE;
    }
    if (invalidated) {
      return Freshness.MUST_REVALIDATE;
    }
    Duration age = age(now);
    if (age.compareTo(ttl) <= 0) {
      return Freshness.FRESH;
    }
    return age.compareTo(ttl.plus(staleWhileRevalidate)) <= 0 ? Freshness.STALE_WHILE_REVALIDATE : Freshness.MUST_REVALIDATE;
  }

  /** The snapshot's age (zero for a fetched-at in the future, as after the clock was set back). */
  Duration age(Instant now) {
    Duration age = Duration.between(Objects.requireNonNull(snapshot, "no snapshot to age").fetchedAt(), now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** Beyond its TTL, or known to list a missing file. */
  boolean stale(Instant now, Duration ttl) {
    return snapshot != null && (invalidated || age(now).compareTo(ttl) > 0);
  }

  boolean backingOff(Instant now) {
    return failures > 0 && backoffUntil != null && now.isBefore(backoffUntil);
  }

  CatalogState withStored(Optional<CatalogSnapshot> stored) {
    boolean loaded = snapshot == null && stored.isPresent();
    return new CatalogState(loaded ? stored.get() : snapshot, true, loaded || fromDisk, invalidated, failures, lastError,
        lastAttemptAt, backoffUntil);
  }

  CatalogState withAttemptAt(Instant at) {
    return new CatalogState(snapshot, diskChecked, fromDisk, invalidated, failures, lastError, at, backoffUntil);
  }

  CatalogState withFetched(CatalogSnapshot fetched) {
    return new CatalogState(fetched, true, false, false, 0, null, lastAttemptAt, null);
  }

  CatalogState withFailure(Throwable error, Instant at, Duration firstBackoff, Duration maxBackoff) {
    int n = failures + 1;
    Duration backoff = firstBackoff.multipliedBy(1L << Math.min(n - 1, 20));
    if (backoff.compareTo(maxBackoff) > 0) {
      backoff = maxBackoff;
    }
    return new CatalogState(snapshot, diskChecked, fromDisk, invalidated, n, error, lastAttemptAt, at.plus(backoff));
  }

  /** Invalidated, and the backoff lifted: the next use fetches at once (then failures back off again). */
  CatalogState withInvalidated() {
    return new CatalogState(snapshot, diskChecked, fromDisk, true, failures, lastError, lastAttemptAt, null);
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a database other members share: this member's copies of images whose last record another member
 * deleted (an operator's {@code images delete}) are removed while the service runs, as LXD removes a
 * deleted image from every cluster member, rather than at this member's next start.
 *
 * <p>Each {@link #pass()} (the service runs one every {@link #INTERVAL}) reads which fingerprints it
 * holds, as recorded, that no record refers to any more. The first time it sees one it forgets every answer its memory holds of it, so no lookup
 * here takes a new launch lease on the deleted record. The files go once that has been so for
 * {@link #grace()}: the launch lease plus {@link LocalImages#SHARED_REFRESH}, so that a launch that was
 * answered here from memory just before or after the deletion has had its lease's time to read them.
 * They go under the fingerprint's lock, after the record is looked for once more, and not while a
 * download of the fingerprint is under way here or an image of it waits here for its record.
 */
public final class OrphanedCopies {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedCopies.class);
  /** How often this member looks for copies whose record is gone. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ImageFileStore files;
  private final FingerprintLocks locks;
  private final LocalImages local;
  /** Whether the fingerprint's files are being brought in here (a download under way, a record waiting for the database). */
  private final Predicate<Fingerprint> arriving;
  private final Clock clock;
  private final Supplier<Duration> launchLease;
  /** When each copy was first seen without a record; only copies still without one stay. */
  private final Map<Fingerprint, Instant> firstSeen = new ConcurrentHashMap<>();

  public OrphanedCopies(Vertx vertx, ImageFileStore files, FingerprintLocks locks, LocalImages local, Predicate<Fingerprint> arriving,
      Clock clock, Supplier<Duration> launchLease) {
    this.vertx = vertx;
    this.files = files;
    this.locks = locks;
    this.local = local;
    this.arriving = arriving;
    this.clock = clock;
    this.launchLease = launchLease;
  }

  /** How long a copy stays after its record was first seen gone. */
  Duration grace() {
    return launchLease.get().plus(LocalImages.SHARED_REFRESH);
  }

  /** Whether a copy first seen without a record at {@code seen} may go at {@code now}. */
  static boolean due(Instant seen, Instant now, Duration grace) {
    return !now.isBefore(seen.plus(grace));
  }

  /** Notes the copies without a record, removes those past their grace; the bytes freed. One at a time. */
  public Future<Long> pass() {
    return local.copiesWithoutRecord().compose(orphans -> {
      Instant now = clock.instant();
      firstSeen.keySet().retainAll(orphans);
      List<Fingerprint> dueNow = new ArrayList<>();
      for (Fingerprint fp : orphans) {
        Instant seen = firstSeen.get(fp);
        if (seen == null) {
          local.forgetEverywhere(fp);
          seen = now;
          firstSeen.put(fp, seen);
        }
        if (due(seen, now, grace())) {
          dueNow.add(fp);
        }
      }
      return removeAll(dueNow, 0, 0L);
    });
  }

  private Future<Long> removeAll(List<Fingerprint> fps, int next, long freed) {
    if (next == fps.size()) {
      return Future.succeededFuture(freed);
    }
    return remove(fps.get(next)).compose(bytes -> removeAll(fps, next + 1, freed + bytes));
  }

  private Future<Long> remove(Fingerprint fp) {
    if (arriving.test(fp)) {
      return Future.succeededFuture(0L); // it is being brought in again here: its record is on its way
    }
    return locks.withLock(fp, () -> local.isReferenced(fp).compose(referenced -> {
      if (referenced) {
        firstSeen.remove(fp);
        return Future.succeededFuture(0L);
      }
      return vertx.executeBlocking(() -> files.delete(fp), false)
          .compose(bytes -> local.copyRemoved(fp, bytes, clock.instant()).map(bytes))
          .onSuccess(bytes -> {
            firstSeen.remove(fp);
            LOG.info("image {}: its record was deleted on another member; removed this member's copy ({} bytes freed)", fp, bytes);
          });
    }));
  }

  /** The copies noted without a record and not yet removed (tests). */
  Set<Fingerprint> noted() {
    return Set.copyOf(firstSeen.keySet());
  }
}

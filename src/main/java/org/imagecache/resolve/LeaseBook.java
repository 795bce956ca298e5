package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;

/**
 * Who holds which image. Every lookup takes (or extends) the image's launch lease, in memory, so the
 * hot path never waits on SQLite; launch leases are written behind with last-use times. Instance
 * leases are written at once. Deletion goes through {@link #beginDelete}: under the image's lock it
 * refuses while a lease is active, and once it has begun no new lease is granted, so a lookup either
 * holds its image before the deletion starts or resolves again.
 */
public final class LeaseBook {
  private static final int STRIPES = 64;

  private final Object[] locks = new Object[STRIPES];
  private final Map<Long, Lease> launch = new ConcurrentHashMap<>();
  private final Set<Long> deleting = ConcurrentHashMap.newKeySet();
  private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
  private final Set<String> released = ConcurrentHashMap.newKeySet();
  private final Clock clock;
  private final Supplier<Duration> launchLease;

  public LeaseBook(Clock clock, Supplier<Duration> launchLease) {
    this.clock = clock;
    this.launchLease = launchLease;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  private Object lockOf(long imageId) {
    return locks[(int) Math.floorMod(imageId, (long) STRIPES)];
  }

  /**
   * Takes or extends the launch lease of an image for {@code cache.launch_lease} from now.
   *
   * @return the lease, or empty when the image is being deleted (the caller resolves again)
   */
  public java.util.Optional<Lease> takeLaunch(LocalImage image) {
    Instant now = clock.instant();
    Instant until = now.plus(launchLease.get());
    synchronized (lockOf(image.id())) {
      if (deleting.contains(image.id())) {
        return java.util.Optional.empty();
      }
      Lease lease = launch.compute(image.id(), (id, old) -> old != null && old.activeAt(now)
          ? new Lease(old.id(), id, old.project(), old.holder(), Lease.Kind.LAUNCH, old.createdAt(), until)
          : new Lease("launch-" + UUID.randomUUID(), id, image.project(), "launch", Lease.Kind.LAUNCH, now, until));
      dirty.add(image.id());
      return java.util.Optional.of(lease);
    }
  }

  /**
   * The record of an image answered under a provisional id is written: its launch lease (if any) now
   * holds the record, and is written at the next flush; a lease the record had already stays when it
   * lasts longer.
   */
  public void recorded(long provisionalId, long recordId) {
    Lease held;
    synchronized (lockOf(provisionalId)) {
      held = launch.remove(provisionalId);
      dirty.remove(provisionalId);
    }
    if (held == null) {
      return;
    }
    synchronized (lockOf(recordId)) {
      Lease moved = new Lease(held.id(), recordId, held.project(), held.holder(), Lease.Kind.LAUNCH, held.createdAt(), held.expiresAt());
      launch.merge(recordId, moved, (old, mine) -> old.expiresAt() != null && mine.expiresAt() != null
          && old.expiresAt().isAfter(mine.expiresAt()) ? old : mine);
      dirty.add(recordId);
    }
  }

  /** At start: the launch leases that were written before a stop (or crash) hold again. */
  public void restore(List<Lease> stored) {
    Instant now = clock.instant();
    stored.stream().filter(l -> l.kind() == Lease.Kind.LAUNCH && l.activeAt(now)).forEach(l -> launch.put(l.imageId(), l));
  }

  /** Whether a launch lease held in memory is active for the image. */
  public boolean hasActiveLaunchLease(long imageId) {
    Lease l = launch.get(imageId);
    return l != null && l.activeAt(clock.instant());
  }

  /**
   * Starts deleting an image record: refused (false) while a launch lease held here is active; from
   * then on no launch lease is granted for it. Instance leases and launch leases restored from the
   * database are checked by the deleter in its transaction (the database refuses to delete a leased
   * record).
   */
  public boolean beginDelete(long imageId) {
    synchronized (lockOf(imageId)) {
      if (hasActiveLaunchLease(imageId)) {
        return false;
      }
      deleting.add(imageId);
      return true;
    }
  }

  /** The deletion did not happen after all: leases may be granted again. */
  public void abortDelete(long imageId) {
    deleting.remove(imageId);
  }

  /** Forgets a deleted image's launch lease (its record is gone). */
  public void deleted(long imageId) {
    launch.remove(imageId);
    dirty.remove(imageId);
  }

  /** The launch leases held in memory (active or not yet cleaned up). */
  public List<Lease> launchLeases() {
    return new ArrayList<>(launch.values());
  }

  /** Drops a launch lease by id; true when it was one. */
  public boolean releaseLaunch(String leaseId) {
    for (var e : launch.entrySet()) {
      if (e.getValue().id().equals(leaseId)) {
        launch.remove(e.getKey(), e.getValue());
        released.add(leaseId);
        return true;
      }
    }
    return false;
  }

  /**
   * Writes changed launch leases to the database (one row per image, upserted) and removes expired
   * ones; run by the write-behind flusher. A failed write keeps them for the next flush.
   */
  public Future<Integer> flush(Database db, LeaseRepository leases, ImageRepository images) {
    Instant now = clock.instant();
    List<Long> ids = new ArrayList<>(dirty);
    ids.forEach(dirty::remove);
    launch.values().removeIf(l -> !l.activeAt(now));
    List<Lease> changed = ids.stream().map(launch::get).filter(l -> l != null).toList();
    List<String> gone = new ArrayList<>(released);
    gone.forEach(released::remove);
    return db.write(session -> {
      int n = 0;
      for (Lease l : changed) {
        if (images.findById(session, l.imageId()).isPresent()) {
          leases.upsert(session, l);
          n++;
        }
      }
      gone.forEach(id -> leases.delete(session, id));
      leases.deleteExpired(session, now);
      return n;
    }).onFailure(e -> {
      // nothing was written (a full disk): try these again at the next flush
      dirty.addAll(ids);
      released.addAll(gone);
    });
  }
}

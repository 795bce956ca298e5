package org.imagecache.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.REMOTE;
import static org.imagecache.testing.LookupHarness.byFingerprint;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.config.Watermark;
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InsufficientStorageException;
import org.imagecache.image.Fingerprint;
import org.imagecache.resolve.LookupResult;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pruner over the real database and image store: dry runs, deletions with audit, the re-check, one run at a time, making room. */
@ExtendWith(VertxExtension.class)
class PrunerIT {
  private static final Set<String> ALL = Set.copyOf(PrunePolicy.REASONS);
  @TempDir Path dir;
  LookupHarness h;
  Map<String, String> fps;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    fps = h.publish(List.of(LookupHarness.V1, LookupHarness.V2, LookupHarness.V3));
    h.refreshCatalog();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private LookupResult use(String version) {
    return h.lookupNow(byFingerprint("default", REMOTE, fps.get(version)));
  }

  private List<String> records() {
    return Sql.column(h.dbFile, "SELECT fingerprint FROM images ORDER BY id");
  }

  private List<String> deletedEvents() {
    return Sql.column(h.dbFile, "SELECT substr(fingerprint, 1, 12) || ':' || reason || ':' || bytes FROM cache_events"
        + " WHERE kind = 'image-deleted' ORDER BY id");
  }

  private static String event(LookupResult r, String reason, long bytes) {
    return r.fingerprint().substring(0, 12) + ":" + reason + ":" + bytes;
  }

  /** Two images, both unused for 11 days (past the 10-day expiry, the launch leases and the fresh grace). */
  private List<LookupResult> twoExpired() {
    LookupResult a = use(LookupHarness.V1);
    LookupResult b = use(LookupHarness.V2);
    h.writeBehind.flush().await();
    h.clock.advance(Duration.ofDays(11));
    return List.of(a, b);
  }

  /** Holds the fingerprint lock of {@code r} until the returned promise completes. */
  private Promise<Void> holdLock(LookupResult r) {
    Promise<Void> gate = Promise.promise();
    h.locks.withLock(Fingerprint.of(r.fingerprint()), gate::future);
    return gate;
  }

  /** Returns once the prune queued for the image's lock, which {@link #holdLock} holds: it cannot go on. */
  private void awaitQueuedOnLock(LookupResult r) {
    Eventually.until(h.vertx, Duration.ofSeconds(10), "the prune waits on the lock of " + r.fingerprint(),
        () -> h.locks.waiting(Fingerprint.of(r.fingerprint())) == 1);
  }

  @Test
  void dryRun_deletesNothingAndReturnsThePlan() {
    List<LookupResult> used = twoExpired();
    String before = h.dumpTables();
    List<String> entries = h.imageDirEntries();

    Pruner.Result r = h.pruner.run(true, ALL).await();

    assertThat(r.dryRun()).isTrue();
    assertThat(r.plan()).extracting(i -> i.image().fingerprint().hex() + ":" + i.reason() + ":" + i.bytesFreed())
        .containsExactly(used.get(0).fingerprint() + ":expired:" + used.get(0).size(), used.get(1).fingerprint() + ":expired:" + used.get(1).size());
    assertThat(r.deleted()).isEmpty();
    assertThat(r.bytesFreed()).isZero();
    assertThat(h.dumpTables()).isEqualTo(before);
    assertThat(h.imageDirEntries()).isEqualTo(entries);
  }

  @Test
  void run_deletesRecordsAndFiles_withAnAuditEventPerDeletion() {
    List<LookupResult> used = twoExpired();

    Pruner.Result r = h.pruner.run(false, ALL).await();

    assertThat(r.dryRun()).isFalse();
    assertThat(r.deleted()).hasSize(2);
    assertThat(r.bytesFreed()).isEqualTo(used.get(0).size() + used.get(1).size());
    assertThat(records()).isEmpty();
    assertThat(h.imageDirEntries()).isEmpty();
    for (LookupResult u : used) {
      assertThat(Path.of(u.files().meta())).doesNotExist();
      assertThat(Path.of(u.files().root())).doesNotExist();
    }
    assertThat(deletedEvents()).containsExactly(event(used.get(0), "expired", used.get(0).size()), event(used.get(1), "expired", used.get(1).size()));
  }

  @Test
  void run_nothingDue_deletesNothing() {
    use(LookupHarness.V1);
    h.clock.advance(Duration.ofDays(9));
    Pruner.Result r = h.pruner.run(false, ALL).await();
    assertThat(r.plan()).isEmpty();
    assertThat(records()).hasSize(1);
  }

  @Test
  void recheck_aLookupAfterThePlanWins_byItsLaunchLease() throws Exception {
    List<LookupResult> used = twoExpired();
    Promise<Void> gate = holdLock(used.get(0));
    Future<Pruner.Result> running = h.pruner.run(false, ALL);
    awaitQueuedOnLock(used.get(0));
    assertThat(running.isComplete()).as("the prune waits on the first image's lock").isFalse();

    h.lookupNow(byFingerprint("default", REMOTE, used.get(1).fingerprint()));
    gate.complete();
    Pruner.Result r = running.await();

    assertThat(r.plan()).as("planned before the lookup").hasSize(2);
    assertThat(r.deleted()).extracting(i -> i.image().fingerprint().hex()).containsExactly(used.get(0).fingerprint());
    assertThat(records()).containsExactly(used.get(1).fingerprint());
    assertThat(Path.of(used.get(1).files().root())).exists();
    assertThat(deletedEvents()).containsExactly(event(used.get(0), "expired", used.get(0).size()));
  }

  @Test
  void recheck_aUseRecordedAfterThePlanWins_evenWithoutALease() throws Exception {
    List<LookupResult> used = twoExpired();
    Promise<Void> gate = holdLock(used.get(0));
    Future<Pruner.Result> running = h.pruner.run(false, ALL);
    awaitQueuedOnLock(used.get(0));
    assertThat(running.isComplete()).isFalse();

    h.lookupNow(byFingerprint("default", REMOTE, used.get(1).fingerprint()));
    h.writeBehind.flush().await();
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    assertThat(h.leaseBook.hasActiveLaunchLease(Long.parseLong(Sql.column(h.dbFile,
        "SELECT id FROM images WHERE fingerprint = '" + used.get(1).fingerprint() + "'").get(0)))).isFalse();
    gate.complete();
    Pruner.Result r = running.await();

    assertThat(r.plan()).hasSize(2);
    assertThat(r.deleted()).hasSize(1);
    assertThat(records()).containsExactly(used.get(1).fingerprint());
  }

  @Test
  void aSecondPruneThatDeletes_whileOneRuns_isRefused() throws Exception {
    List<LookupResult> used = twoExpired();
    Promise<Void> gate = holdLock(used.get(0));
    Future<Pruner.Result> first = h.pruner.run(false, ALL);
    awaitQueuedOnLock(used.get(0));

    Throwable refused = h.pruner.run(false, ALL).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(refused).isInstanceOf(ConflictException.class);
    assertThat(((ImageCacheException) refused).reason()).isEqualTo("prune_running");
    assertThat(h.pruner.run(true, ALL).await().plan()).as("a dry run is allowed meanwhile").hasSize(2);

    gate.complete();
    assertThat(first.await().deleted()).hasSize(2);
    assertThat(h.pruner.run(false, ALL).await().plan()).as("free again after the first ended").isEmpty();
  }

  @Test
  void maxDeletions_capsARun() {
    twoExpired();
    Pruner capped = h.pruner(h.candidates(LookupHarness.cache(Watermark.parse("85%"), Watermark.parse("80%"), 1)));

    assertThat(capped.run(false, ALL).await().deleted()).hasSize(1);
    assertThat(records()).hasSize(1);
    assertThat(capped.run(false, ALL).await().deleted()).hasSize(1);
    assertThat(records()).isEmpty();
  }

  @Test
  void anErrorWhilePlanning_deletesNothing() {
    twoExpired();
    String before = h.dumpTables();
    List<String> entries = h.imageDirEntries();
    Sql.execute(h.dbFile, "ALTER TABLE leases RENAME TO leases_away");
    try {
      Throwable e = h.pruner.run(false, ALL).transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertThat(e).as("reading the candidates fails").isNotNull();
    } finally {
      Sql.execute(h.dbFile, "ALTER TABLE leases_away RENAME TO leases");
    }
    assertThat(h.dumpTables()).isEqualTo(before);
    assertThat(h.imageDirEntries()).isEqualTo(entries);
    assertThat(h.pruner.run(false, ALL).await().deleted()).as("the failed run released the one-at-a-time flag").hasSize(2);
  }

  @Test
  void makeRoom_aDownloadAboveTheHighWatermark_prunesTheLeastRecentlyUsedFirst() {
    LookupResult older = use(LookupHarness.V1);
    h.clock.advance(Duration.ofMinutes(1));
    LookupResult newer = use(LookupHarness.V2);
    h.writeBehind.flush().await();
    h.clock.advance(Duration.ofHours(2));
    long store = h.files.usedBytes();
    assertThat(store).isEqualTo(older.size() + newer.size());
    Pruner guard = h.pruner(h.candidates(LookupHarness.cache(new Watermark(Watermark.Kind.BYTES, store - 1),
        new Watermark(Watermark.Kind.BYTES, store - older.size() / 2), 100)));
    h.spaceGuard(guard);

    LookupResult third = use(LookupHarness.V3);

    assertThat(third.present()).isFalse();
    assertThat(records()).as("with the download counted, both must go to get below the low watermark").containsExactly(third.fingerprint());
    assertThat(Path.of(older.files().root())).doesNotExist();
    assertThat(Path.of(newer.files().root())).doesNotExist();
    assertThat(deletedEvents()).as("least recently used first")
        .containsExactly(event(older, "disk_pressure", older.size()), event(newer, "disk_pressure", newer.size()));
  }

  @Test
  void makeRoom_aDownloadThatWouldPassTheHighWatermark_prunesBeforeIt() {
    LookupResult older = use(LookupHarness.V1);
    h.clock.advance(Duration.ofMinutes(1));
    LookupResult newer = use(LookupHarness.V2);
    h.writeBehind.flush().await();
    h.clock.advance(Duration.ofHours(2));
    long size = older.size();
    Pruner guard = h.pruner(h.candidates(LookupHarness.cache(new Watermark(Watermark.Kind.BYTES, 2 * size + size / 2),
        new Watermark(Watermark.Kind.BYTES, 2 * size + size / 4), 100)));
    h.spaceGuard(guard);

    LookupResult third = use(LookupHarness.V3);

    assertThat(h.files.usedBytes()).as("the store stays at or below the high watermark").isEqualTo(2 * size);
    assertThat(records()).containsExactlyInAnyOrder(newer.fingerprint(), third.fingerprint());
    assertThat(deletedEvents()).containsExactly(event(older, "disk_pressure", size));
  }

  @Test
  void makeRoom_moreThanTheFilesystemHolds_failsAndLeavesNothing() {
    use(LookupHarness.V1);
    h.writeBehind.flush().await();
    h.clock.advance(Duration.ofHours(2));
    String before = h.dumpTables();
    List<String> entries = h.imageDirEntries();

    Throwable e = h.pruner.makeRoom(Long.MAX_VALUE / 2).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(e).isInstanceOf(InsufficientStorageException.class);
    assertThat(((ImageCacheException) e).reason()).isEqualTo("insufficient_storage");
    assertThat(h.dumpTables()).isEqualTo(before);
    assertThat(h.imageDirEntries()).isEqualTo(entries);

    h.spaceGuard(bytes -> h.pruner.makeRoom(Long.MAX_VALUE / 2));
    Throwable lookup = h.lookup.lookup(byFingerprint("default", REMOTE, fps.get(LookupHarness.V2)))
        .transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(lookup).isInstanceOf(ImageCacheException.class);
    assertThat(((ImageCacheException) lookup).reason()).isEqualTo("insufficient_storage");
    assertThat(h.imageDirEntries()).as("no partial file").isEqualTo(entries);
    assertThat(records()).containsExactly(fps.get(LookupHarness.V1));
  }
}

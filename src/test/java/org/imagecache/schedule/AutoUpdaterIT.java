package org.imagecache.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.V1;
import static org.imagecache.testing.LookupHarness.V2;
import static org.imagecache.testing.LookupHarness.byAlias;
import static org.imagecache.testing.UpdateRows.event;
import static org.imagecache.testing.UpdateRows.events;
import static org.imagecache.testing.UpdateRows.failures;
import static org.imagecache.testing.UpdateRows.nextUpdate;
import static org.imagecache.testing.UpdateRows.records;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagecache.operations.Operation;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.imagecache.testing.UpdateRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Auto-update rounds over the real graph: due times, the interval setting, concurrency, failures. */
@ExtendWith(VertxExtension.class)
class AutoUpdaterIT {
  /** Past the 6 h interval (plus its jitter) and the 1 h catalog TTL. */
  static final Duration PAST_DUE = Duration.ofHours(7);
  /** 6 h plus the jitter with the harness's random 0.5 (5% of the interval). */
  static final Duration DUE_IN_6H = Duration.ofHours(6).plusMinutes(18);
  static final Duration DUE_IN_1H = Duration.ofHours(1).plusMinutes(3);

  @TempDir Path dir;
  Vertx vertx;
  LookupHarness h;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    h = LookupHarness.start(vertx, dir);
    fp1 = h.fp1;
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String alias(String release) {
    return "testos/" + release;
  }

  /** Caches release 1..n of testos (version V1) by alias; returns release -> V1's fingerprint. */
  private Map<String, String> cacheReleases(List<String> releases) {
    Map<String, Map<String, String>> v1 = UpdateRows.publish(h, releases, List.of(V1));
    releases.forEach(r -> assertThat(h.lookupNow(byAlias(alias(r))).fingerprint()).isEqualTo(v1.get(r).get(V1)));
    return releases.stream().collect(java.util.stream.Collectors.toMap(r -> r, r -> v1.get(r).get(V1)));
  }

  /** Publishes V1 and V2 of every release; returns release -> V2's fingerprint. */
  private Map<String, String> publishV2(List<String> releases) {
    Map<String, Map<String, String>> v2 = UpdateRows.publish(h, releases, List.of(V1, V2));
    return releases.stream().collect(java.util.stream.Collectors.toMap(r -> r, r -> v2.get(r).get(V2)));
  }

  private void setNextUpdate(String fp, Instant at) {
    Sql.execute(h.dbFile, "UPDATE images SET next_update_at = " + at.toEpochMilli() + " WHERE fingerprint = '" + fp + "'");
  }

  // --- schedule

  @Test
  void round_refreshesOnlyTheImagesAlreadyDue() {
    Map<String, String> old = cacheReleases(List.of("1", "2"));
    Instant cachedAt = h.clock.instant();
    assertThat(nextUpdate(h.dbFile, old.get("1"))).isEqualTo(cachedAt.plus(DUE_IN_6H));
    assertThat(nextUpdate(h.dbFile, old.get("2"))).isEqualTo(cachedAt.plus(DUE_IN_6H));
    Map<String, String> fresh = publishV2(List.of("1", "2"));
    h.clock.advance(Duration.ofHours(6).plusMinutes(17));
    assertThat(h.autoUpdater.runRound().await()).isZero();
    assertThat(records(h.dbFile, "default")).containsExactly(old.get("1"), old.get("2"));

    Instant later = cachedAt.plus(Duration.ofHours(20));
    setNextUpdate(old.get("2"), later);
    h.clock.advance(Duration.ofMinutes(1));
    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);

    assertThat(records(h.dbFile, "default")).containsExactly(old.get("2"), fresh.get("1"));
    assertThat(nextUpdate(h.dbFile, old.get("2"))).isEqualTo(later);
    assertThat(failures(h.dbFile, old.get("2"))).isEqualTo(-1);
    assertThat(h.server.served(V2 + "/root.tar.xz")).isEqualTo(1);
  }

  @Test
  void round_readsTheIntervalAtEachDecision() {
    h.lookupNow(byAlias(ALIAS));
    String fp2 = h.publish(List.of(V1, V2)).get(V2);
    h.clock.advance(PAST_DUE);
    h.server.clearLog();

    h.setInterval(0);
    assertThat(h.autoUpdater.runRound().await()).isZero();
    assertThat(records(h.dbFile, "default")).containsExactly(fp1);
    assertThat(failures(h.dbFile, fp1)).isEqualTo(-1);
    assertThat(h.server.log()).isEmpty();

    h.setInterval(1);
    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);
    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(nextUpdate(h.dbFile, fp2)).isEqualTo(h.clock.instant().plus(DUE_IN_1H));
  }

  @Test
  void round_givesADueTimeToImagesCachedWhileTheIntervalWasZero() {
    h.setInterval(0);
    h.lookupNow(byAlias(ALIAS));
    assertThat(nextUpdate(h.dbFile, fp1)).isNull();
    assertThat(h.autoUpdater.runRound().await()).isZero();
    assertThat(nextUpdate(h.dbFile, fp1)).isNull();

    h.setInterval(1);
    assertThat(h.autoUpdater.runRound().await()).isZero();
    Instant due = h.clock.instant().plus(DUE_IN_1H);
    assertThat(nextUpdate(h.dbFile, fp1)).isEqualTo(due);

    h.clock.advance(Duration.ofHours(2));
    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);
    assertThat(nextUpdate(h.dbFile, fp1)).isEqualTo(h.clock.instant().plus(DUE_IN_1H));
    assertThat(failures(h.dbFile, fp1)).isZero();
  }

  @Test
  void round_runsAtMostTwoUpdatesAtATime() {
    List<String> releases = List.of("1", "2", "3", "4", "5");
    cacheReleases(releases);
    Map<String, String> fresh = publishV2(releases);
    h.server.paths("root.tar.xz").throttle(256 * 1024);
    h.clock.advance(PAST_DUE);
    AtomicInteger most = new AtomicInteger();
    long sampler = vertx.setPeriodic(2, id -> {
      int running = (int) h.operations.all().stream()
          .filter(op -> !op.isFinished() && op.view().description().startsWith("Downloading")).count();
      most.accumulateAndGet(running, Math::max);
    });
    try {
      assertThat(h.autoUpdater.runRound().await()).isEqualTo(5);
    } finally {
      vertx.cancelTimer(sampler);
    }
    assertThat(most.get()).isEqualTo(2);
    assertThat(records(h.dbFile, "default")).containsExactlyInAnyOrderElementsOf(fresh.values());
    // the lookups' downloads were forgotten (finished more than 5 min ago on the clock): these are the round's
    assertThat(h.operations.all()).filteredOn(op -> op.view().description().startsWith("Downloading"))
        .hasSize(5).allMatch(op -> op.status() == Operation.Status.Success);
  }

  @Test
  void runRound_whileARoundRuns_returnsTheRunningRound() {
    h.lookupNow(byAlias(ALIAS));
    h.publish(List.of(V1, V2));
    h.server.paths("root.tar.xz").throttle(256 * 1024);
    h.clock.advance(PAST_DUE);
    var first = h.autoUpdater.runRound();
    var second = h.autoUpdater.runRound();
    assertThat(second).isSameAs(first);
    assertThat(first.await()).isEqualTo(1);
    assertThat(h.server.served(V2 + "/root.tar.xz")).isEqualTo(1);
  }

  // --- failures

  @Test
  void remoteFailing_keepsTheImageLaunchable_recordsTheFailure_andBacksOff() {
    h.lookupNow(byAlias(ALIAS));
    h.clock.advance(PAST_DUE);
    h.server.failWith(500);
    String before = UpdateRows.dumpWithoutDueTimes(h.dbFile);

    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);
    Instant t1 = h.clock.instant();
    Instant next1 = nextUpdate(h.dbFile, fp1);
    assertThat(next1).isEqualTo(t1.plus(DUE_IN_6H));
    assertThat(failures(h.dbFile, fp1)).isEqualTo(1);
    assertThat(events(h.dbFile, "image-refresh-failed")).hasSize(1).allMatch(e -> e.startsWith(fp1 + " default "));
    assertThat(UpdateRows.dumpWithoutDueTimes(h.dbFile)).isEqualTo(before);
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs");
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp1);

    h.clock.set(next1);
    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);
    Instant next2 = nextUpdate(h.dbFile, fp1);
    assertThat(failures(h.dbFile, fp1)).isEqualTo(2);
    assertThat(next2).isEqualTo(next1.plus(Duration.ofHours(12).plusMinutes(36)));
    assertThat(Duration.between(next1, next2)).isGreaterThan(Duration.between(t1, next1));
    assertThat(events(h.dbFile, "image-refresh-failed")).hasSize(2);

    h.server.healthy();
    h.clock.set(next2);
    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);
    assertThat(failures(h.dbFile, fp1)).isZero();
    assertThat(nextUpdate(h.dbFile, fp1)).isEqualTo(next2.plus(DUE_IN_6H));
  }

  @Test
  void oneFailingImage_neverStopsTheOthersInTheRound() {
    Map<String, String> old = cacheReleases(List.of("1", "2", "3"));
    Map<String, String> fresh = publishV2(List.of("1", "2", "3"));
    h.server.paths("/testos/2/amd64/default/" + V2 + "/root.tar.xz").failWith(500);
    h.clock.advance(PAST_DUE);

    assertThat(h.autoUpdater.runRound().await()).isEqualTo(3);

    assertThat(records(h.dbFile, "default")).containsExactlyInAnyOrder(old.get("2"), fresh.get("1"), fresh.get("3"));
    assertThat(failures(h.dbFile, old.get("2"))).isEqualTo(1);
    assertThat(events(h.dbFile, "image-refresh-failed")).hasSize(1).allMatch(e -> e.startsWith(old.get("2") + " default "));
    assertThat(h.imageDirEntries()).doesNotContain(fresh.get("2"), fresh.get("2") + ".rootfs")
        .allMatch(f -> !f.contains(".tmp") && !f.contains("partial"));
    assertThat(h.lookupNow(byAlias(alias("2"))).fingerprint()).isEqualTo(old.get("2"));
  }

  @Test
  void sourceRemoteNoLongerConfigured_keepsTheImage_pushesTheDueTime_noRetryStorm() {
    h.lookupNow(byAlias(ALIAS));
    Sql.execute(h.dbFile, "UPDATE image_sources SET server = 'https://gone.example/'");
    h.clock.advance(PAST_DUE);
    h.server.clearLog();

    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);

    assertThat(events(h.dbFile, "image-refresh-failed")).containsExactly(event(fp1, "remote_removed"));
    assertThat(records(h.dbFile, "default")).containsExactly(fp1);
    assertThat(nextUpdate(h.dbFile, fp1)).isEqualTo(h.clock.instant().plus(DUE_IN_6H));
    assertThat(failures(h.dbFile, fp1)).isEqualTo(1);
    assertThat(h.server.log()).isEmpty();

    assertThat(h.autoUpdater.runRound().await()).isZero();
    assertThat(events(h.dbFile, "image-refresh-failed")).hasSize(1);
    assertThat(failures(h.dbFile, fp1)).isEqualTo(1);
  }

  @Test
  void aliasVanishedFromTheCatalog_keepsTheImage() {
    h.lookupNow(byAlias(ALIAS));
    UpdateRows.publish(h, List.of("2"), List.of(V1));
    h.clock.advance(PAST_DUE);

    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);

    assertThat(events(h.dbFile, "image-refresh-failed")).containsExactly(event(fp1, "alias_vanished"));
    assertThat(records(h.dbFile, "default")).containsExactly(fp1);
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs");
    assertThat(nextUpdate(h.dbFile, fp1)).isEqualTo(h.clock.instant().plus(DUE_IN_6H));
    assertThat(failures(h.dbFile, fp1)).isEqualTo(1);
    assertThat(h.autoUpdater.runRound().await()).isZero();
  }
}

package org.imagecache.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.V1;
import static org.imagecache.testing.LookupHarness.V2;
import static org.imagecache.testing.LookupHarness.byAlias;
import static org.imagecache.testing.UpdateRows.V3;
import static org.imagecache.testing.UpdateRows.event;
import static org.imagecache.testing.UpdateRows.events;
import static org.imagecache.testing.UpdateRows.nextUpdate;
import static org.imagecache.testing.UpdateRows.records;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageDetails;
import org.imagecache.image.LocalImage;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.ListingBook;
import org.imagecache.resolve.LookupResult;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.imagecache.testing.UpdateRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One update of a cached image from its source, over the real graph (SQLite, Vert.x, the fake streams server). */
@ExtendWith(VertxExtension.class)
class ImageRefresherIT {
  /** Past the 6 h interval (plus its 18 min of jitter) and the 1 h catalog TTL. */
  static final Duration PAST_DUE = Duration.ofHours(7);
  /** The jitter of a 6 h interval with the harness's random 0.5: 5% of it. */
  static final Duration DUE_IN = Duration.ofHours(6).plusMinutes(18);

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

  private LocalImage image(String project, String fp) {
    return h.records.find(project, fp).await();
  }

  private LocalImage image(String fp) {
    return image("default", fp);
  }

  private ImageDetails details(String fp) {
    return h.records.get("default", fp).await();
  }

  private String publishV2() {
    return h.publish(List.of(V1, V2)).get(V2);
  }

  @Test
  void refresh_sameFingerprint_movesOnlyTheDueTime() {
    h.lookupNow(byAlias(ALIAS));
    h.aliases.create("default", "web", "", fp1).await();
    h.clock.advance(PAST_DUE);
    String before = UpdateRows.dumpWithoutDueTimes(h.dbFile);
    List<String> eventsBefore = Sql.column(h.dbFile, "SELECT kind FROM cache_events ORDER BY id");
    h.server.clearLog();

    ImageRefresher.Outcome o = h.refresher.refresh(image(fp1)).await();

    assertThat(o).isEqualTo(new ImageRefresher.Outcome(false, fp1));
    assertThat(UpdateRows.dumpWithoutDueTimes(h.dbFile)).isEqualTo(before);
    assertThat(Sql.column(h.dbFile, "SELECT kind FROM cache_events ORDER BY id")).isEqualTo(eventsBefore);
    assertThat(events(h.dbFile, "image-refreshed")).isEmpty();
    assertThat(nextUpdate(h.dbFile, fp1)).isEqualTo(h.clock.instant().plus(DUE_IN));
    assertThat(UpdateRows.failures(h.dbFile, fp1)).isZero();
    assertThat(h.server.served("root.tar.xz")).isZero();
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs");
  }

  @Test
  void refresh_newFingerprint_downloadsOnceSwapsAliasesAndSourceAndDeletesTheOld() {
    Instant firstUse = h.clock.instant();
    h.lookupNow(byAlias(ALIAS));
    h.aliases.create("default", "web", "", fp1).await();
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);
    Instant now = h.clock.instant();
    h.server.clearLog();

    ImageRefresher.Outcome o = h.refresher.refresh(image(fp1)).await();

    assertThat(o).isEqualTo(new ImageRefresher.Outcome(true, fp2));
    assertThat(h.server.served(V2 + "/root.tar.xz")).isEqualTo(1);
    assertThat(h.server.served(V2 + "/lxd.tar.xz")).isEqualTo(1);
    ImageDetails d = details(fp2);
    assertThat(d.image().cached()).isTrue();
    assertThat(d.image().lastUsedAt()).isEqualTo(firstUse).isNotEqualTo(now);
    assertThat(d.image().uploadedAt()).isEqualTo(now);
    assertThat(d.image().autoUpdate()).isTrue();
    assertThat(d.image().nextUpdateAt()).isEqualTo(now.plus(DUE_IN));
    assertThat(d.aliases()).extracting(a -> a.name()).containsExactly("web");
    assertThat(d.source()).hasValueSatisfying(s -> assertThat(s.alias()).isEqualTo(ALIAS));
    assertThat(d.properties()).containsEntry("serial", V2);
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM image_sources")).containsExactly("1");

    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp2, fp2 + ".rootfs");
    assertThat(events(h.dbFile, "image-refreshed")).containsExactly(event(fp2, "-"));
    assertThat(events(h.dbFile, "image-deleted")).containsExactly(event(fp1, "superseded"));
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM superseded_images")).containsExactly("0");

    h.server.clearLog();
    LookupResult r = h.lookupNow(byAlias(ALIAS));
    assertThat(r.fingerprint()).isEqualTo(fp2);
    assertThat(r.downloaded()).isFalse();
    assertThat(h.lookupNow(LookupHarness.localAlias("default", "web")).fingerprint()).isEqualTo(fp2);
    assertThat(h.server.served("root.tar.xz")).isZero();
  }

  @Test
  void refresh_newFingerprint_oldLeasedByALaunch_staysUntilTheLeaseEnds() {
    h.lookupNow(byAlias(ALIAS));
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);
    LookupResult launch = h.lookupNow(byAlias(ALIAS));
    assertThat(launch.fingerprint()).isEqualTo(fp1);

    assertThat(h.refresher.refresh(image(fp1)).await().refreshed()).isTrue();

    assertThat(records(h.dbFile, "default")).containsExactly(fp1, fp2);
    LocalImage old = image(fp1);
    assertThat(old.autoUpdate()).isFalse();
    assertThat(old.nextUpdateAt()).isNull();
    assertThat(details(fp1).source()).isEmpty();
    assertThat(Path.of(launch.files().meta())).exists();
    assertThat(Path.of(launch.files().root())).exists();
    assertThat(events(h.dbFile, "image-deleted")).isEmpty();
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp2);

    h.clock.advance(LookupHarness.LAUNCH_LEASE.minusSeconds(1));
    h.autoUpdater.runRound().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp1, fp2);

    h.clock.advance(Duration.ofSeconds(2));
    h.autoUpdater.runRound().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(events(h.dbFile, "image-deleted")).containsExactly(event(fp1, "superseded"));
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp2, fp2 + ".rootfs");
  }

  @Test
  void refresh_keepRevisionsOne_keepsTheLastOldRevisionUntilAThirdComes() {
    h.keepRevisions = 1;
    h.lookupNow(byAlias(ALIAS));
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);
    assertThat(h.refresher.refresh(image(fp1)).await()).isEqualTo(new ImageRefresher.Outcome(true, fp2));
    h.autoUpdater.runRound().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp1, fp2);
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs", fp2, fp2 + ".rootfs");

    String fp3 = h.publish(List.of(V1, V2, V3)).get(V3);
    h.clock.advance(PAST_DUE);
    assertThat(h.autoUpdater.runRound().await()).isEqualTo(1);

    assertThat(records(h.dbFile, "default")).containsExactly(fp2, fp3);
    assertThat(events(h.dbFile, "image-deleted")).containsExactly(event(fp1, "superseded"));
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp2, fp2 + ".rootfs", fp3, fp3 + ".rootfs");
    assertThat(image(fp3).lastUsedAt()).isEqualTo(h.clock.instant().minus(PAST_DUE.multipliedBy(2)));
  }

  @Test
  void refresh_aliasRolledBackUpstreamToAKeptRevision_makesItCurrentAgainAndNeverDeletesIt() {
    h.keepRevisions = 1;
    h.lookupNow(byAlias(ALIAS));
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);
    assertThat(h.refresher.refresh(image(fp1)).await()).isEqualTo(new ImageRefresher.Outcome(true, fp2));
    h.aliases.create("default", "web", "", fp2).await();

    // the remote goes back to v1 only: the refresh swaps back to the kept revision
    h.publish(List.of(V1));
    h.clock.advance(PAST_DUE);
    assertThat(h.refresher.refresh(image(fp2)).await()).isEqualTo(new ImageRefresher.Outcome(true, fp1));
    assertThat(Sql.column(h.dbFile, "SELECT i.fingerprint FROM superseded_images s JOIN images i ON i.id = s.image_id"))
        .containsExactly(fp2);
    LocalImage current = image(fp1);
    assertThat(current.cached()).isTrue();
    assertThat(current.autoUpdate()).isTrue();
    assertThat(current.nextUpdateAt()).isEqualTo(h.clock.instant().plus(DUE_IN));
    assertThat(details(fp1).aliases()).extracting(a -> a.name()).containsExactly("web");
    assertThat(details(fp1).source()).hasValueSatisfying(s -> assertThat(s.alias()).isEqualTo(ALIAS));

    // with nothing kept, the next collection deletes v2, never the current v1
    h.keepRevisions = 0;
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    h.revisions.collect().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp1);
    assertThat(events(h.dbFile, "image-deleted")).containsExactly(event(fp2, "superseded"));
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp1);
    assertThat(h.lookupNow(LookupHarness.localAlias("default", "web")).fingerprint()).isEqualTo(fp1);
  }

  @Test
  void refresh_aPinnedOldRevisionStaysAndKeepsItsPin() {
    h.lookupNow(byAlias(ALIAS));
    h.records.patch("default", fp1, new org.imagecache.resolve.ImageRecords.Patch(null, true, null)).await();
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);

    assertThat(h.refresher.refresh(image(fp1)).await()).isEqualTo(new ImageRefresher.Outcome(true, fp2));
    h.clock.advance(PAST_DUE);
    h.revisions.collect().await();

    assertThat(records(h.dbFile, "default")).containsExactly(fp1, fp2);
    assertThat(image(fp1).pinned()).isTrue();
    assertThat(image(fp2).pinned()).as("a pin stays on the revision it was put on").isFalse();
    assertThat(events(h.dbFile, "image-deleted")).isEmpty();
  }

  @Test
  void refresh_anOldRevisionTheMirrorListedStaysUntilTwoHoursAfterTheListing() {
    h.lookupNow(byAlias(ALIAS));
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);
    // a mirror client was shown v1 just before the refresh replaced it: LXD may ask for its files for an hour
    new ListingBook(h.db, h.clock).listing("\"products-with-v1\"", Set.of(Fingerprint.of(fp1))).await();
    h.keepRevisions = 0;

    // the refresh's own collection keeps v1, and so does the next one
    assertThat(h.refresher.refresh(image(fp1)).await()).isEqualTo(new ImageRefresher.Outcome(true, fp2));
    assertThat(records(h.dbFile, "default")).containsExactlyInAnyOrder(fp1, fp2);
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    h.revisions.collect().await();
    assertThat(records(h.dbFile, "default")).containsExactlyInAnyOrder(fp1, fp2);
    assertThat(events(h.dbFile, "image-deleted")).isEmpty();

    h.clock.advance(ListingBook.PROTECTION);
    h.revisions.collect().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(events(h.dbFile, "image-deleted")).containsExactly(event(fp1, "superseded"));
  }

  @Test
  void refresh_anOldRevisionInsideTheFreshGraceStaysUntilTheGraceEnds() {
    // v1 downloaded a second before a manual refresh finds v2; its launch is over
    h.leaseBook.releaseLaunch(h.lookupNow(byAlias(ALIAS)).lease().id());
    String fp2 = publishV2();
    h.clock.advance(Duration.ofSeconds(1));

    assertThat(h.refresher.refresh(image(fp1), true).await()).isEqualTo(new ImageRefresher.Outcome(true, fp2));
    h.revisions.collect().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp1, fp2);
    assertThat(events(h.dbFile, "image-deleted")).isEmpty();

    h.clock.advance(LookupHarness.CACHE.freshGrace());
    h.revisions.collect().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(events(h.dbFile, "image-deleted")).containsExactly(event(fp1, "superseded"));
  }

  @Test
  void refresh_oldFilesReferencedByAnotherProject_deletesTheRecordButKeepsTheFiles() {
    h.lookupNow(byAlias(ALIAS));
    h.lookupNow(byAlias("other", ALIAS));
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);

    assertThat(h.refresher.refresh(image("default", fp1)).await().fingerprint()).isEqualTo(fp2);

    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(records(h.dbFile, "other")).containsExactly(fp1);
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs", fp2, fp2 + ".rootfs");
    assertThat(Sql.column(h.dbFile, "SELECT bytes FROM cache_events WHERE kind = 'image-deleted'")).containsExactly("0");
    assertThat(h.lookupNow(byAlias("other", ALIAS)).fingerprint()).isEqualTo(fp1);
  }

  @Test
  void refresh_twiceAtOnce_swapsOnce_andTheNewImageKeepsTheSource() {
    h.lookupNow(byAlias(ALIAS));
    String fp2 = publishV2();
    h.clock.advance(PAST_DUE);
    LocalImage old = image(fp1);

    // an auto-update round and a manual refresh (or two manual ones) of the same image at the same time
    var a = h.refresher.refresh(old);
    var b = h.refresher.refresh(old, true);
    assertThat(a.await().fingerprint()).isEqualTo(fp2);
    assertThat(b.await().fingerprint()).isEqualTo(fp2);

    assertThat(h.server.served(V2 + "/root.tar.xz")).isEqualTo(1);
    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    assertThat(details(fp2).source()).hasValueSatisfying(s -> assertThat(s.alias()).isEqualTo(ALIAS));
    assertThat(events(h.dbFile, "image-refreshed")).containsExactly(event(fp2, "-"));
    h.server.clearLog();
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp2);
    assertThat(h.server.served("root.tar.xz")).isZero();
  }

  @Test
  void refresh_whileLaunchesRun_everyAnswerIsTheOldOrNewImageWithItsFilesInPlace() {
    List<String> versions = new ArrayList<>(List.of(V1));
    String current = fp1;
    h.lookupNow(byAlias(ALIAS));
    for (int i = 0; i < 6; i++) {
      versions.add(String.format("2026111%d_0000", i));
      String next = h.publish(versions).get(versions.get(versions.size() - 1));
      h.clock.advance(PAST_DUE);
      List<String> answered = new CopyOnWriteArrayList<>();
      List<String> missing = new CopyOnWriteArrayList<>();
      Future<ImageRefresher.Outcome> refresh = h.refresher.refresh(image(current));
      Future<Void> launches = launchUntil(refresh, answered, missing, 5000);
      assertThat(refresh.await()).isEqualTo(new ImageRefresher.Outcome(true, next));
      launches.await();
      String old = current;
      assertThat(answered).as("iteration %d", i).isNotEmpty().allMatch(fp -> fp.equals(old) || fp.equals(next));
      assertThat(missing).as("files missing at answer time, iteration %d", i).isEmpty();
      assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(next);
      current = next;
    }
  }

  /**
   * Runs launches one after another, a millisecond apart, until {@code until} completes (and one more):
   * each looks up, notes its answer and any file missing when the answer came, and releases its lease
   * (the launch is done), so the old revision is free to go while launches still arrive.
   */
  private Future<Void> launchUntil(Future<?> until, List<String> answered, List<String> missing, int max) {
    if (max == 0) {
      return Future.succeededFuture();
    }
    boolean last = until.isComplete();
    return h.lookup.lookup(byAlias(ALIAS)).compose(a -> {
      LookupResult r = ((LaunchLookup.Done) a).result();
      for (String f : List.of(r.files().meta(), r.files().root())) {
        if (!Files.exists(Path.of(f))) {
          missing.add(f);
        }
      }
      answered.add(r.fingerprint());
      h.leaseBook.releaseLaunch(r.lease().id());
      return last ? Future.succeededFuture() : vertx.timer(1).compose(t -> launchUntil(until, answered, missing, max - 1));
    });
  }
}

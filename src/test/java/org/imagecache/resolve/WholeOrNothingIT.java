package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.V1;
import static org.imagecache.testing.LookupHarness.V2;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.operations.Operation;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that happen whole or not at all, and one caller's cancel that leaves everyone else's
 * launch alone: over the real graph.
 */
@ExtendWith(VertxExtension.class)
class WholeOrNothingIT {
  @TempDir Path dir;
  LookupHarness h;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    fp1 = h.fp1;
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private LookupRequest pullSource() {
    return new LookupRequest("default", LookupHarness.REMOTE, new ImageRef.Alias(ALIAS), "x86_64", ImageType.CONTAINER, null, Provisioner.Waiting.UNTIL_PROVISIONED);
  }

  @Test
  void aPullWhoseSecondAliasIsTakenChangesNothingAndFailsTheSameWayAgain() {
    h.lookupNow(byAlias(ALIAS));
    h.aliases.create("default", "taken", "", fp1).await();
    String before = h.dumpTables();
    List<Pulls.NewAlias> asked = List.of(new Pulls.NewAlias("fresh1", ""), new Pulls.NewAlias("taken", ""));

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> h.pulls.pull(pullSource(), false, asked, h.operations.create("Pulling image")).await())
          .isInstanceOf(ConflictException.class).hasMessageContaining("taken")
          .satisfies(e -> assertThat(((ConflictException) e).reason()).isEqualTo("alias_exists"));
      assertThat(h.dumpTables()).isEqualTo(before);
    }
    LocalImage image = h.records.find("default", fp1).await();
    assertThat(image.cached()).as("still the launch's cached image").isTrue();
    assertThat(image.autoUpdate()).isTrue();
  }

  @Test
  void aRefreshOfAnImageDeletedWhileItDownloadsTheNewRevisionLeavesNoFilesOfIt() {
    h.leaseBook.releaseLaunch(h.lookupNow(byAlias(ALIAS)).lease().id());
    LocalImage old = h.records.find("default", fp1).await();
    String fp2 = h.publish(List.of(V1, V2)).get(V2);
    h.server.paths(V2 + "/root.tar.xz").throttle(64 * 1024);

    var refresh = h.refresher.refresh(old, true);
    org.imagecache.testing.Eventually.until(h.vertx, java.time.Duration.ofSeconds(10), "the new revision downloads",
        () -> h.downloads.current(org.imagecache.image.Fingerprint.of(fp2)) != null);
    h.records.delete("default", fp1).await();

    assertThatThrownBy(refresh::await)
        .isInstanceOf(NotFoundException.class).hasMessageContaining("deleted while it was being refreshed");
    assertThat(h.imageDirEntries()).doesNotContain(fp2, fp2 + ".rootfs");
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("0");
  }

  @Test
  void aDownloadWhoseRecordWriteFailsLeavesNoFiles_andTheSameLookupWorksOnceTheDatabaseDoes() throws Exception {
    Sql.execute(h.dbFile, "ALTER TABLE image_properties RENAME TO image_properties_away"); // the record's transaction fails part-way
    assertThatThrownBy(() -> h.lookupNow(byAlias(ALIAS))).isInstanceOf(org.jooq.exception.DataAccessException.class);
    assertThat(h.server.served("root.tar.xz")).as("the files came").isEqualTo(1);
    assertThat(h.imageDirEntries()).as("and went at once, with no record to keep them").isEmpty();
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).as("nothing of the record is left").containsExactly("0");

    Sql.execute(h.dbFile, "ALTER TABLE image_properties_away RENAME TO image_properties");
    assertThat(h.lookupNow(byAlias(ALIAS)).downloaded()).isTrue();
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("1");
  }

  @Test
  void aDownloadWhoseRecordCannotBeWrittenLeavesNoFiles() throws Exception {
    TestDatabase.assumeSqlite("a database file deleted under the service");
    // the database lost under the service: every write is refused, as on a full disk
    for (String suffix : List.of("", "-wal", "-shm")) {
      java.nio.file.Files.deleteIfExists(Path.of(h.dbFile + suffix));
    }
    assertThatThrownBy(() -> h.lookupNow(byAlias(ALIAS)))
        .isInstanceOf(org.imagecache.failure.ServiceUnavailableException.class).hasMessageContaining("nothing more is written");
    assertThat(h.server.served("root.tar.xz")).as("the files came").isEqualTo(1);
    assertThat(h.imageDirEntries()).as("and went at once, with no record to keep them").isEmpty();
  }

  @Test
  void cancellingASharedDownloadDetachesTheCallerAndAnotherProjectsLaunchGetsItsImage() {
    h.server.paths("root.tar.xz").throttle(64 * 1024);
    LookupRequest async = new LookupRequest("p1", LookupHarness.REMOTE, new ImageRef.Alias(ALIAS), "x86_64", ImageType.CONTAINER, null, Provisioner.Waiting.ANSWER_PENDING);
    Operation op = ((LaunchLookup.Pending) h.lookup.lookup(async).await()).operation();
    var waiting = h.lookup.lookup(byAlias("p2", ALIAS));
    Downloads.Flight flight = awaitFlight();
    org.imagecache.testing.Eventually.until(h.vertx, java.time.Duration.ofSeconds(10), "the launch waits", () -> flight.waiting() == 1);

    assertThat(op.requestCancel()).isEqualTo(Operation.CancelOutcome.DETACHED);
    LookupResult r = ((LaunchLookup.Done) waiting.await()).result();
    assertThat(r.fingerprint()).isEqualTo(fp1);
    assertThat(r.downloaded()).isTrue();
    assertThat(op.status()).isEqualTo(Operation.Status.Success);
  }

  @Test
  void aCancelFromOutsideIsRefusedWhileALaunchWaitsAndCancelsWhenNobodyDoes() {
    h.server.paths("root.tar.xz").throttle(64 * 1024);
    var waiting = h.lookup.lookup(byAlias("p2", ALIAS));
    Downloads.Flight flight = awaitFlight();
    org.imagecache.testing.Eventually.until(h.vertx, java.time.Duration.ofSeconds(10), "the launch waits", () -> flight.waiting() == 1);
    assertThat(flight.operation().requestCancel()).isEqualTo(Operation.CancelOutcome.REFUSED);
    assertThat(((LaunchLookup.Done) waiting.await()).result().downloaded()).isTrue();

    String fp2 = h.publish(List.of(V1, V2)).get(V2);
    h.refreshCatalog();
    LookupRequest async = new LookupRequest("p3", LookupHarness.REMOTE, new ImageRef.Alias(ALIAS), "x86_64", ImageType.CONTAINER, null, Provisioner.Waiting.ANSWER_PENDING);
    h.server.paths("root.tar.xz").throttle(16 * 1024);
    Operation op = ((LaunchLookup.Pending) h.lookup.lookup(async).await()).operation();
    assertThat(op.requestCancel()).isEqualTo(Operation.CancelOutcome.CANCELLED);
    op.done().await();
    assertThat(op.status()).isEqualTo(Operation.Status.Cancelled);
    assertThat(h.imageDirEntries()).doesNotContain(fp2, fp2 + ".rootfs");
  }

  private Downloads.Flight awaitFlight() {
    org.imagecache.testing.Eventually.until(h.vertx, java.time.Duration.ofSeconds(10), "the download started",
        () -> h.downloads.current(org.imagecache.image.Fingerprint.of(fp1)) != null);
    return h.downloads.current(org.imagecache.image.Fingerprint.of(fp1));
  }
}

package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.REMOTE;
import static org.imagecache.testing.LookupHarness.byAlias;
import static org.imagecache.testing.LookupHarness.byFingerprint;
import static org.imagecache.testing.LookupHarness.localAlias;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.failure.CancelledException;
import org.imagecache.failure.FileVerificationException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.failure.RemoteException;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.files.PartialFile;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageDetails;
import org.imagecache.image.ImageFile;
import org.imagecache.image.ImageType;
import org.imagecache.operations.Operation;
import org.imagecache.store.ImageRepository;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.FakeStreamsServer;
import org.imagecache.testing.Images;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The launch lookup over its real graph: SQLite in a temp dir, real Vert.x, a fake streams server on loopback. */
@ExtendWith(VertxExtension.class)
class LaunchLookupIT {
  static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  Vertx vertx;
  LookupHarness h;
  FakeStreamsServer server;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    h = LookupHarness.start(vertx, dir, Duration.ofMillis(700), 64 * 1024);
    server = h.server;
    fp1 = h.fp1;
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Throwable failure(LookupRequest req) {
    return h.lookup.lookup(req).transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  private int records() {
    return Integer.parseInt(Sql.column(h.dbFile, "SELECT count(*) FROM images").get(0));
  }

  private ImageDetails details(String project, String fp) {
    return h.records.get(project, fp).await();
  }

  static String sha256(String... paths) throws IOException {
    var md = PartialFile.sha256();
    for (String p : paths) {
      try (InputStream in = Files.newInputStream(Path.of(p))) {
        md.update(in.readAllBytes());
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void lookup_firstByAlias_downloadsVerifiesAndRecordsACachedImage() throws Exception {
    Instant now = h.clock.instant();
    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.fingerprint()).isEqualTo(fp1);
    assertThat(r.downloaded()).isTrue();
    assertThat(r.present()).isFalse();
    assertThat(r.architecture()).isEqualTo("x86_64");
    assertThat(r.type()).isEqualTo("container");
    assertThat(r.source().remote()).isEqualTo(REMOTE);
    assertThat(r.source().alias()).isEqualTo(ALIAS);
    assertThat(Path.of(r.files().meta())).isRegularFile().isAbsolute();
    assertThat(Path.of(r.files().root())).isRegularFile().isAbsolute();
    assertThat(sha256(r.files().meta(), r.files().root())).isEqualTo(fp1);
    assertThat(Files.size(Path.of(r.files().meta())) + Files.size(Path.of(r.files().root()))).isEqualTo(r.size());
    assertThat(r.lease().expiresAt()).isEqualTo(now.plus(LookupHarness.LAUNCH_LEASE));

    ImageDetails d = details("default", fp1);
    assertThat(d.image().cached()).isTrue();
    assertThat(d.image().autoUpdate()).isTrue();
    assertThat(d.image().size()).isEqualTo(r.size());
    assertThat(d.source()).hasValueSatisfying(s -> {
      assertThat(s.server()).isEqualTo(server.baseUrl());
      assertThat(s.protocol()).isEqualTo("simplestreams");
      assertThat(s.alias()).isEqualTo(ALIAS);
    });
    assertThat(d.properties()).containsEntry("os", "testos").containsEntry("release", "1");
    assertThat(d.aliases()).isEmpty();
    Instant interval = now.plus(Duration.ofHours(6));
    assertThat(d.image().nextUpdateAt()).isBetween(interval, interval.plus(Duration.ofMinutes(36)));
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs");
  }

  @Test
  void lookup_autoUpdateCachedOff_recordsTheImageWithoutAutoUpdate() {
    h.setAutoUpdateCached(false);
    h.lookupNow(byAlias(ALIAS));
    ImageDetails d = details("default", fp1);
    assertThat(d.image().cached()).isTrue();
    assertThat(d.image().autoUpdate()).isFalse();
    assertThat(d.image().nextUpdateAt()).isNull();
  }

  @Test
  void lookup_secondByAlias_isAnsweredFromTheCacheWithoutTheRemote() {
    h.lookupNow(byAlias(ALIAS));
    server.clearLog();
    LookupResult again = h.lookupNow(byAlias(ALIAS));
    assertThat(again.fingerprint()).isEqualTo(fp1);
    assertThat(again.present()).isTrue();
    assertThat(again.downloaded()).isFalse();
    assertThat(server.log()).isEmpty();
    assertThat(records()).isEqualTo(1);
  }

  @Test
  void lookup_aliasMovedOnTheRemote_keepsTheCachedImageUntilTheIntervalIsZero() {
    h.lookupNow(byAlias(ALIAS));
    String fp2 = h.publish(List.of(LookupHarness.V1, LookupHarness.V2)).get(LookupHarness.V2);
    h.refreshCatalog();

    LookupResult preferred = h.lookupNow(byAlias(ALIAS));
    assertThat(preferred.fingerprint()).isEqualTo(fp1);
    assertThat(preferred.present()).isTrue();

    h.setInterval(0);
    LookupResult current = h.lookupNow(byAlias(ALIAS));
    assertThat(current.fingerprint()).isEqualTo(fp2);
    assertThat(current.downloaded()).isTrue();
    assertThat(records()).isEqualTo(2);
  }

  @Test
  void lookup_byFingerprintWithRemote_downloadsThenAnswersLocallyByFullAndPrefix() {
    LookupResult first = h.lookupNow(byFingerprint("default", REMOTE, fp1.substring(0, 12)));
    assertThat(first.fingerprint()).isEqualTo(fp1);
    assertThat(first.downloaded()).isTrue();
    assertThat(details("default", fp1).source()).isEmpty();

    server.clearLog();
    assertThat(h.lookupNow(byFingerprint("default", REMOTE, fp1)).present()).isTrue();
    assertThat(h.lookupNow(byFingerprint("default", null, fp1)).fingerprint()).isEqualTo(fp1);
    assertThat(h.lookupNow(byFingerprint("default", null, fp1.substring(0, 12))).fingerprint()).isEqualTo(fp1);
    assertThat(server.log()).isEmpty();
  }

  @Test
  void lookup_byFingerprintWithoutRemote_uncached_isNotFound() {
    assertThat(failure(byFingerprint("default", null, fp1)))
        .isInstanceOf(NotFoundException.class)
        .extracting(e -> ((ImageCacheException) e).reason()).isEqualTo("image_not_found");
    assertThat(server.log()).isEmpty();
  }

  @Test
  void lookup_localOnly_resolvesALocalAliasAndAPrefixOfTheProject() {
    h.lookupNow(byAlias(ALIAS));
    h.aliases.create("default", "web-base", "", fp1).await();
    server.clearLog();

    assertThat(h.lookupNow(localAlias("default", "web-base")).fingerprint()).isEqualTo(fp1);
    assertThat(h.lookupNow(byFingerprint("default", null, fp1.substring(0, 12))).source()).isNull();
    assertThat(failure(localAlias("other", "web-base"))).isInstanceOf(NotFoundException.class);
    assertThat(failure(localAlias("default", ALIAS))).isInstanceOf(NotFoundException.class);
    assertThat(server.log()).isEmpty();
  }

  @Test
  void lookup_localPrefixOfTwoImages_isAmbiguous() {
    ImageRepository repo = new ImageRepository();
    h.db.write(session -> {
      repo.insert(session, Images.image().fingerprint("aaaaaaaaaaaa1").build());
      return repo.insert(session, Images.image().fingerprint("aaaaaaaaaaaa2").build());
    }).await();
    assertThat(failure(byFingerprint("default", null, "aaaaaaaaaaaa")))
        .isInstanceOf(AmbiguousReferenceException.class)
        .extracting(e -> ((ImageCacheException) e).reason()).isEqualTo("ambiguous_fingerprint");
    // the full prefix names one image; its files are in place, so it is answered
    org.imagecache.image.Fingerprint one = Images.image().fingerprint("aaaaaaaaaaaa1").build().fingerprint();
    try {
      java.nio.file.Files.write(h.files.metaPath(one), new byte[1024]);
      java.nio.file.Files.write(h.files.secondPath(one, FileLayout.CONTAINER), new byte[0]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(h.lookupNow(byFingerprint("default", null, "aaaaaaaaaaaa1")).fingerprint()).startsWith("aaaaaaaaaaaa1");
  }

  @Test
  void lookup_unknownAlias_isNotFound() {
    Throwable e = failure(byAlias("nosuch/1"));
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) e).reason()).isEqualTo("image_not_found");
    Throwable vm = failure(new LookupRequest("default", REMOTE, new ImageRef.Alias(ALIAS), "x86_64", ImageType.VIRTUAL_MACHINE, null, Provisioner.Waiting.UNTIL_PROVISIONED));
    assertThat(vm).isInstanceOf(NotFoundException.class);
    assertThat(records()).isZero();
  }

  @Test
  void lookup_aVirtualMachine_keepsItsDiskAsDiskBesideTheMetadata() throws Exception {
    String vm = h.publishWithVmDisks(List.of(LookupHarness.V1), 64 * 1024).get(LookupHarness.V1);
    h.refreshCatalog();

    LookupResult r = h.lookupNow(new LookupRequest("default", REMOTE, new ImageRef.Alias(ALIAS), LookupHarness.ARCH,
        ImageType.VIRTUAL_MACHINE, null, Provisioner.Waiting.UNTIL_PROVISIONED));

    assertThat(r.fingerprint()).isEqualTo(vm);
    Path disk = Path.of(r.files().root());
    assertThat(disk).isEqualTo(h.files.secondPath(Fingerprint.of(vm), FileLayout.VIRTUAL_MACHINE)).hasFileName(vm + ".disk");
    assertThat(sha256(r.files().meta(), r.files().root())).isEqualTo(vm);
    assertThat(h.files.directory().resolve(vm + ".rootfs")).doesNotExist();
    assertThat(h.files.has(Fingerprint.of(vm), FileLayout.VIRTUAL_MACHINE)).isTrue();
  }

  @Test
  void lookup_fiftyConcurrentOfAnUncachedAlias_downloadsOnceAndAddsOneRecord() {
    List<Future<LaunchLookup.Answer>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(h.lookup.lookup(byAlias(ALIAS)));
    }
    Future.all(all).await();
    assertThat(all).allSatisfy(f -> assertThat(((LaunchLookup.Done) f.result()).result().fingerprint()).isEqualTo(fp1));
    assertThat(all.stream().filter(f -> ((LaunchLookup.Done) f.result()).result().downloaded()).count()).isPositive();
    assertThat(server.log().stream().filter(a -> a.path().endsWith("lxd.tar.xz")).count()).isEqualTo(1);
    assertThat(server.log().stream().filter(a -> a.path().endsWith("root.tar.xz")).count()).isEqualTo(1);
    assertThat(records()).isEqualTo(1);
  }

  @Test
  void lookup_twoProjects_downloadsOnceAndAddsTwoRecords() {
    LookupResult a = h.lookupNow(byAlias("default", ALIAS));
    LookupResult b = h.lookupNow(byAlias("other", ALIAS));
    assertThat(a.downloaded()).isTrue();
    assertThat(b.downloaded()).isFalse();
    assertThat(b.files()).isEqualTo(a.files());
    assertThat(server.served("root.tar.xz")).isEqualTo(1);
    assertThat(records()).isEqualTo(2);
    assertThat(details("other", fp1).image().cached()).isTrue();
  }

  @Test
  void lookup_twoProjectsAtOnce_downloadsOnceAndAddsTwoRecords() {
    var a = h.lookup.lookup(byAlias("default", ALIAS));
    var b = h.lookup.lookup(byAlias("other", ALIAS));
    Future.all(a, b).await();
    assertThat(server.served("root.tar.xz")).isEqualTo(1);
    assertThat(records()).isEqualTo(2);
  }

  @Test
  void lookup_withoutWait_answersWithAnOperationThatCompletes() {
    LookupRequest req = new LookupRequest("default", REMOTE, new ImageRef.Alias(ALIAS), "x86_64", ImageType.CONTAINER, null, Provisioner.Waiting.ANSWER_PENDING);
    LaunchLookup.Answer answer = h.lookup.lookup(req).await();
    assertThat(answer).isInstanceOf(LaunchLookup.Pending.class);
    Operation op = ((LaunchLookup.Pending) answer).operation();
    op.done().await();
    assertThat(op.status()).isEqualTo(Operation.Status.Success);
    @SuppressWarnings("unchecked")
    Map<String, Object> progress = (Map<String, Object>) op.view().metadata().get("progress");
    assertThat(progress).containsEntry("percent", 100);
    Eventually.until(vertx, WAIT, "the record is added", () -> records() == 1);
    assertThat(h.lookupNow(byAlias(ALIAS)).present()).isTrue();
  }

  @Test
  void lookup_operationCancelled_failsAndLeavesNoFile() {
    server.paths("root.tar.xz").throttle(16 * 1024);
    var pending = h.lookup.lookup(byAlias(ALIAS));
    Eventually.until(vertx, WAIT, "the rootfs download starts",
        () -> h.downloads.current(Fingerprint.of(fp1)) != null && server.log().stream().anyMatch(a -> a.path().endsWith("root.tar.xz")));
    h.downloads.current(Fingerprint.of(fp1)).operation().cancellation().cancel();

    Throwable e = pending.transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(e).isInstanceOf(CancelledException.class);
    assertThat(h.imageDirEntries()).isEmpty();
    assertThat(records()).isZero();
  }

  @Test
  void lookup_serviceStopsMidDownload_failsWithTheStopsReasonAndLeavesNoFile() {
    server.paths("root.tar.xz").throttle(16 * 1024);
    var pending = h.lookup.lookup(byAlias(ALIAS));
    Eventually.until(vertx, WAIT, "the rootfs download starts",
        () -> h.downloads.current(Fingerprint.of(fp1)) != null && server.log().stream().anyMatch(a -> a.path().endsWith("root.tar.xz")));
    h.downloads.cancelAll(new ServiceUnavailableException("shutting_down", "stopping"));

    Throwable e = pending.transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(e).as(String.valueOf(e)).isInstanceOf(ServiceUnavailableException.class);
    assertThat(((ImageCacheException) e).reason()).isEqualTo("shutting_down");
    assertThat(h.imageDirEntries()).isEmpty();
    assertThat(records()).isZero();
  }

  @Test
  void lookup_afterTheStopBegan_startsNoDownload() {
    h.downloads.cancelAll(new ServiceUnavailableException("shutting_down", "stopping"));

    Throwable e = failure(byAlias(ALIAS));
    assertThat(e).as(String.valueOf(e)).isInstanceOf(ServiceUnavailableException.class);
    assertThat(((ImageCacheException) e).reason()).isEqualTo("shutting_down");
    assertThat(server.served("root.tar.xz")).isZero();
    assertThat(h.imageDirEntries()).isEmpty();
  }

  private void assertFailsCleanlyThenRecovers(Consumer<FakeStreamsServer> fault, Consumer<Throwable> expected) {
    fault.accept(server);
    Throwable e = failure(byAlias(ALIAS));
    expected.accept(e);
    assertThat(h.imageDirEntries()).as("no partial and no image file").isEmpty();
    assertThat(records()).isZero();
    server.healthy();
    LookupResult ok = h.lookupNow(byAlias(ALIAS));
    assertThat(ok.fingerprint()).isEqualTo(fp1);
    assertThat(ok.downloaded()).isTrue();
  }

  private static Consumer<Throwable> remote(RemoteException.Kind kind, String reason) {
    return e -> {
      assertThat(e).isInstanceOf(RemoteException.class);
      assertThat(((RemoteException) e).kind()).as(e.toString()).isEqualTo(kind);
      assertThat(((RemoteException) e).reason()).as(e.toString()).isEqualTo(reason);
    };
  }

  private static Consumer<Throwable> verification(String reason) {
    return e -> {
      assertThat(e).as(String.valueOf(e)).isInstanceOf(FileVerificationException.class);
      assertThat(((FileVerificationException) e).reason()).as(e.toString()).isEqualTo(reason);
    };
  }

  @Test
  void lookup_thatDownloads_recordsEachFile_sharedWithAnotherProjectsRecord() throws IOException {
    LookupResult ok = h.lookupNow(byAlias(ALIAS));
    LookupResult other = h.lookupNow(byAlias("p2", ALIAS));

    List<ImageFile> expected = List.of(
        new ImageFile(ImageFile.Role.METADATA, "lxd.tar.xz", Files.size(Path.of(ok.files().meta())), sha256(ok.files().meta()), "lxd.tar.xz"),
        new ImageFile(ImageFile.Role.ROOTFS, "root.tar.xz", Files.size(Path.of(ok.files().root())), sha256(ok.files().root()), "root.tar.xz"));
    assertThat(details("default", fp1).files()).isEqualTo(expected);
    assertThat(other.downloaded()).isFalse();
    assertThat(details("p2", fp1).files()).isEqualTo(expected);
  }

  @Test
  void deletingTheLastRecordOfAFingerprint_dropsItsFiles_notBefore() {
    h.lookupNow(byAlias(ALIAS));
    h.lookupNow(byAlias("p2", ALIAS));
    java.util.function.IntSupplier rows = () -> Integer.parseInt(Sql.column(h.dbFile, "SELECT count(*) FROM image_files").get(0));
    assertThat(rows.getAsInt()).isEqualTo(2);

    h.local.deleteRecord(details("default", fp1).image(), "test", Instant.now().plus(Duration.ofDays(1)), Decider.OPERATOR).await();
    assertThat(rows.getAsInt()).isEqualTo(2);
    h.local.deleteRecord(details("p2", fp1).image(), "test", Instant.now().plus(Duration.ofDays(1)), Decider.OPERATOR).await();
    assertThat(rows.getAsInt()).isZero();
  }

  @Test
  void lookup_rootfsAnswers500_failsCleanly() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").failWith(500), remote(RemoteException.Kind.REMOTE_BAD_ANSWER, "remote_error"));
  }

  @Test
  void lookup_connectionResetMidBody_failsCleanly() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").resetAfter(10_000), remote(RemoteException.Kind.REMOTE_UNAVAILABLE, "remote_unavailable"));
  }

  @Test
  void lookup_bodyTruncated_failsCleanly() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").truncateAfter(10_000), e -> assertThat(((ImageCacheException) e).reason()).isEqualTo("size_mismatch"));
  }

  @Test
  void lookup_extraBytes_failsCleanly() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").extraBytes(100), e -> assertThat(((ImageCacheException) e).reason()).isEqualTo("size_mismatch"));
  }

  @Test
  void lookup_corruptRootfs_failsWithHashMismatch() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").corrupt(), verification("hash_mismatch"));
  }

  @Test
  void lookup_listedFileMissing_failsAndInvalidatesTheCatalog() {
    h.refreshCatalog();
    server.paths("root.tar.xz").failWith(404);
    Throwable e = failure(byAlias(ALIAS));
    remote(RemoteException.Kind.REMOTE_BAD_ANSWER, "remote_file_missing").accept(e);
    assertThat(h.imageDirEntries()).isEmpty();
    assertThat(records()).isZero();

    server.healthy();
    server.clearLog();
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp1);
    assertThat(server.log()).anySatisfy(a -> assertThat(a.path()).endsWith("index.json"));
  }

  @Test
  void lookup_remoteHangs_timesOutCleanly() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").hang(), remote(RemoteException.Kind.REMOTE_TIMEOUT, "remote_timeout"));
  }

  @Test
  @Timeout(30)
  void lookup_remoteStallsMidBody_timesOutCleanly() {
    assertFailsCleanlyThenRecovers(s -> s.paths("root.tar.xz").stallAfter(10_000), remote(RemoteException.Kind.REMOTE_TIMEOUT, "remote_timeout"));
  }

  @Test
  void lookup_combinedHashWrong_failsWithFingerprintMismatch() throws Exception {
    Path products = h.streams.resolve("streams/v1/images.json");
    String good = Files.readString(products);
    String wrong = "f".repeat(64);
    Files.writeString(products, good.replace(fp1, wrong));
    h.refreshCatalog();

    Throwable e = failure(byAlias(ALIAS));
    verification("fingerprint_mismatch").accept(e);
    assertThat(h.imageDirEntries()).isEmpty();
    assertThat(records()).isZero();

    Files.writeString(products, good);
    h.refreshCatalog();
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp1);
  }
}

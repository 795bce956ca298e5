package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.Poll;
import org.imagecache.suites.harness.PostgresServer;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror tier: three members (the packaged jar as processes) on one real PostgreSQL, each with its
 * mirror listener and {@code cluster.address}, in front of one throttled upstream on loopback. One
 * member downloads from the upstream; the others take the files from it as they arrive.
 */
class TierSuite {
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261102_0000";
  static PostgresServer pg;
  @TempDir Path work;
  private final List<ImageCacheProcess> members = new ArrayList<>();
  private final Map<ImageCacheProcess, Integer> mirrorPorts = new java.util.HashMap<>();

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = PostgresServer.create();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @AfterEach
  void stopMembers() throws Exception {
    for (ImageCacheProcess m : members) {
      m.close();
    }
  }

  /** A member of the tier on the database at {@code url}, started: its mirror on a port of its own, which is its address. */
  private ImageCacheProcess member(String name, String url, StreamServer upstream) throws Exception {
    return prepared(name, url, upstream, "").start();
  }

  /** A member as {@link #member}, with more configuration, not started. */
  private ImageCacheProcess prepared(String name, String url, StreamServer upstream, String extraYaml) throws Exception {
    int mirror = ImageCacheProcess.freePort();
    ImageCacheProcess m = ImageCacheProcess.create(Files.createDirectories(work.resolve(name)), "remotes:\n  fixture:\n    url: " + upstream.url()
        + "\ndatabase:\n  url: " + url + "\n  user: " + PostgresServer.USER + "\n  password: " + PostgresServer.PASSWORD
        + "\nmirror:\n  listen: 127.0.0.1:" + mirror + "\ncluster:\n  member_name: " + name + "\n  address: https://127.0.0.1:" + mirror + "\n"
        + extraYaml).jvmOptions("-Xmx160m");
    members.add(m);
    mirrorPorts.put(m, mirror);
    return m;
  }

  private static String lookup() {
    return "{\"remote\":\"fixture\",\"alias\":\"testos/1\"}";
  }

  /** SHA-256 over the metadata and the rootfs, as LXD computes a fingerprint. */
  private static String fingerprintOf(JsonNode files) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(Files.readAllBytes(Path.of(files.path("meta").asText())));
    sha.update(Files.readAllBytes(Path.of(files.path("root").asText())));
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Runs the lookups at once; each answer in the order given. */
  private static List<HttpApi.Response> together(List<Callable<HttpApi.Response>> launches) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(launches.size());
    try {
      List<HttpApi.Response> out = new ArrayList<>();
      for (Future<HttpApi.Response> f : pool.invokeAll(launches)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertVerified(HttpApi.Response r, String fp) throws Exception {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(fp);
    assertThat(fingerprintOf(r.metadata().path("files"))).isEqualTo(fp);
  }

  @Test
  void thirtyLaunchesOverThreeMembers_allVerified_theUpstreamSendsEachFileOnce_andEveryMemberListsAllThree() throws Exception {
    String url = pg.createDatabase("tier_herd");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "4MiB", V1);
    String fp = fps.get(V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      upstream.throttle(2L * 1024 * 1024); // about two seconds a download: the others ask while it runs
      List<ImageCacheProcess> tier = List.of(member("cache-a", url, upstream), member("cache-b", url, upstream), member("cache-c", url, upstream));
      List<Callable<HttpApi.Response>> launches = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        HttpApi api = tier.get(i % 3).api();
        launches.add(() -> api.post("/1.0/lookup", lookup()));
      }

      for (HttpApi.Response r : together(launches)) {
        assertVerified(r, fp);
      }

      assertThat(upstream.served("lxd.tar.xz")).as(() -> "the upstream's log: " + upstream.log()).isEqualTo(1);
      assertThat(upstream.served("root.tar.xz")).isEqualTo(1);
      for (ImageCacheProcess m : tier) {
        assertThat(m.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-a\",\"cache-b\",\"cache-c\"]");
      }
      // the audit log is the tier's: one download from the upstream, two from the member that made it
      List<String> downloads = tier.get(0).api().get("/1.0/cache/events?kind=image-downloaded").metadata().findValuesAsText("detail");
      assertThat(downloads).hasSize(3);
      assertThat(downloads.stream().filter(d -> d.startsWith("from member cache-"))).hasSize(2);
    }
  }

  /**
   * The peer path serves any file the member holds, so it wants the tier's secret (which only the
   * members, through the database, know); on a single host it serves nothing at all.
   */
  @Test
  void thePeerPath_wantsTheTiersSecret_servesOnlyWhatIsHeld_andIsNotThereOnASingleHost() throws Exception {
    String url = pg.createDatabase("tier_peer_path");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1);
    String fp = fps.get(V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      ImageCacheProcess a = member("cache-a", url, upstream);
      assertVerified(a.api().post("/1.0/lookup", lookup()), fp);
      String secret = pg.psql("tier_peer_path", "SELECT secret FROM tier_secret");
      assertThat(secret).hasSize(64);
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("tier:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("tier:guess".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      org.imagecache.suites.harness.MirrorClient peer = new org.imagecache.suites.harness.MirrorClient("https://127.0.0.1:" + mirrorPorts.get(a) + "/",
          a.dataDir().resolve("tls/ca.crt"));

      assertThat(peer.get("_tier/images/" + fp).status()).isEqualTo(401);
      assertThat(peer.get("_tier/images/" + fp, "Authorization", wrong).status()).isEqualTo(401);
      org.imagecache.suites.harness.MirrorClient.Answer held = peer.get("_tier/images/" + fp + ".rootfs", "Authorization", basic);
      assertThat(held.status()).isEqualTo(200);
      assertThat(held.body()).isEqualTo(Files.readAllBytes(a.dataDir().resolve("images").resolve(fp + ".rootfs")));
      org.imagecache.suites.harness.MirrorClient.Answer notHeld = peer.get("_tier/images/" + "0".repeat(64), "Authorization", basic);
      assertThat(notHeld.status()).isEqualTo(404);
      assertThat(notHeld.text()).startsWith("not_held");
      assertThat(a.logText()).doesNotContain(secret);

      try (ImageCacheProcess single = ImageCacheProcess.create(Files.createDirectories(work.resolve("single")),
          "remotes:\n  fixture:\n    url: " + upstream.url() + "\n").start()) {
        assertVerified(single.api().post("/1.0/lookup", lookup()), fp);
        org.imagecache.suites.harness.MirrorClient alone = new org.imagecache.suites.harness.MirrorClient(
            "https://127.0.0.1:" + single.mirrorPort() + "/", single.dataDir().resolve("tls/ca.crt"));
        assertThat(alone.get("_tier/images/" + fp, "Authorization", basic).status()).isEqualTo(404);
      }
    }
  }

  /** Two members of the tier, and when the later of their launch leases ends. */
  private record TwoMembers(ImageCacheProcess a, ImageCacheProcess b, Instant leasesEnd) {}

  /** cache-a and cache-b on the database at {@code url}, with the same extra configuration, started, each having launched the image once. */
  private TwoMembers bothLaunched(String url, StreamServer upstream, String extraYaml, String fp) throws Exception {
    ImageCacheProcess a = prepared("cache-a", url, upstream, extraYaml).start();
    ImageCacheProcess b = prepared("cache-b", url, upstream, extraYaml).start();
    HttpApi.Response onA = a.api().post("/1.0/lookup", lookup());
    HttpApi.Response onB = b.api().post("/1.0/lookup", lookup());
    assertVerified(onA, fp);
    assertVerified(onB, fp);
    Instant leasesEnd = Stream.of(onA, onB).map(r -> Instant.parse(r.metadata().path("lease").path("expires_at").asText()))
        .max(Instant::compareTo).orElseThrow();
    return new TwoMembers(a, b, leasesEnd);
  }

  /**
   * The record is the tier's, the files each member's: a prune on one member (its clock 30 days ahead,
   * so that the image expired) deletes only that member's copy; the record and the other member's files
   * stay, and the next prune there has nothing of it to judge.
   */
  @Test
  void aPruneOnOneMember_deletesOnlyItsOwnCopy_theRecordAndTheOtherMembersFilesStay() throws Exception {
    String url = pg.createDatabase("tier_prune");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1);
    String fp = fps.get(V1);
    String expiring = "cache:\n  fresh_grace: 0s\n  launch_lease: 1s\n";
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      TwoMembers both = bothLaunched(url, upstream, expiring, fp);
      ImageCacheProcess a = both.a();
      ImageCacheProcess b = both.b();
      assertThat(a.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-a\",\"cache-b\"]");
      b.stop();
      b.startAfter(java.time.Duration.ofDays(30));

      // the prune that runs at every start may be under way: a prune asked for then answers 409 prune_running
      HttpApi api = b.api();
      Poll.until(() -> api.post("/1.0/cache/prune", "{\"dry_run\": false}").status() == 200);

      assertThat(b.dataDir().resolve("images").resolve(fp)).doesNotExist();
      assertThat(b.dataDir().resolve("images").resolve(fp + ".rootfs")).doesNotExist();
      assertThat(a.dataDir().resolve("images").resolve(fp + ".rootfs")).isRegularFile();
      assertThat(a.api().imageFingerprints()).containsExactly(fp);
      assertThat(a.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-a\"]");
      JsonNode deleted = b.api().get("/1.0/cache/events?kind=image-deleted").metadata();
      assertThat(deleted.findValuesAsText("detail")).containsExactly("member cache-b's copy; the record stays for cache-a");

      assertThat(b.api().post("/1.0/cache/prune", "{\"dry_run\": false}").status()).isEqualTo(200);
      assertThat(b.api().get("/1.0/cache/events?kind=image-deleted").metadata()).as("nothing more of it was B's").hasSize(1);
      assertThat(a.api().imageFingerprints()).containsExactly(fp);
    }
  }

  /**
   * An operator's delete on one member deletes the record for the whole tier, and the other member's
   * copy goes while that member runs (once a launch lease's time has passed since it saw the record
   * gone), not at its next start; its next launch downloads the image again.
   */
  @Test
  void anOperatorsDeleteOnOneMember_removesTheOtherMembersCopyWhileItRuns_andItsNextLaunchDownloadsAgain() throws Exception {
    String url = pg.createDatabase("tier_delete");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1);
    String fp = fps.get(V1);
    String shortLease = "cache:\n  launch_lease: 1s\n";
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      TwoMembers both = bothLaunched(url, upstream, shortLease, fp);
      ImageCacheProcess a = both.a();
      ImageCacheProcess b = both.b();
      Path bRootfs = b.dataDir().resolve("images").resolve(fp + ".rootfs");
      Path bMeta = b.dataDir().resolve("images").resolve(fp);
      assertThat(bRootfs).isRegularFile();
      Poll.until(() -> Instant.now().isAfter(both.leasesEnd())); // a launch lease refuses the deletion

      HttpApi.Response deleted = a.api().delete("/1.0/images/" + fp);
      assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
      assertThat(a.dataDir().resolve("images").resolve(fp + ".rootfs")).doesNotExist();

      Poll.until(() -> !Files.exists(bRootfs));
      assertThat(bMeta).doesNotExist();
      assertThat(b.api().get("/1.0/images/" + fp).status()).isEqualTo(404);
      JsonNode events = b.api().get("/1.0/cache/events?kind=image-deleted").metadata();
      assertThat(events.findValuesAsText("detail")).contains("member cache-b's copy; the record was deleted on another member");
      long fetchesBefore = upstream.served("root.tar.xz");

      assertVerified(b.api().post("/1.0/lookup", lookup()), fp);
      assertThat(bRootfs).isRegularFile();
      assertThat(upstream.served("root.tar.xz")).as("downloaded again, from the upstream: no member holds it").isEqualTo(fetchesBefore + 1);
    }
  }

  /**
   * Fencing: the member downloading from the upstream is paused (SIGSTOP) until another takes its
   * expired claim over; resumed, it finishes its transfer, learns at its last renewal that the claim
   * is no longer its own, commits nothing, and takes the files from the new owner instead.
   */
  @Test
  void anOwnerPausedPastItsLease_isFenced_commitsNothing_andTakesTheFilesFromTheNewOwner() throws Exception {
    String url = pg.createDatabase("tier_fencing");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "8MiB", V1);
    String fp = fps.get(V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      upstream.throttle(1024L * 1024); // about eight seconds a download
      ImageCacheProcess a = member("cache-a", url, upstream);
      ImageCacheProcess b = member("cache-b", url, upstream);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        HttpApi onA = a.api();
        HttpApi onB = b.api();
        Future<HttpApi.Response> launchOnA = pool.submit(() -> onA.post("/1.0/lookup", lookup()));
        Poll.until(() -> upstream.firstBytesSent("root.tar.xz").isPresent());
        Future<HttpApi.Response> launchOnB = pool.submit(() -> onB.post("/1.0/lookup", lookup()));
        Poll.until(() -> b.logText().contains("from member cache-a"));

        signal("STOP", a);
        try {
          Poll.until(() -> b.logText().contains("took the download over (claim generation 2)"));
        } finally {
          signal("CONT", a);
        }

        assertVerified(launchOnB.get(), fp);
        assertVerified(launchOnA.get(), fp);
      } finally {
        pool.shutdownNow();
      }
      assertThat(a.logText()).contains("the claim of generation 1 was taken over; following the new owner");
      List<String> downloads = a.api().get("/1.0/cache/events?kind=image-downloaded").metadata().findValuesAsText("detail");
      assertThat(downloads).as("B from the upstream, then A from B").hasSize(2);
      assertThat(downloads.get(0)).startsWith("from member cache-b");
      assertThat(upstream.served("root.tar.xz")).isEqualTo(2);
      assertThat(a.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-a\",\"cache-b\"]");
    }
  }

  private static void signal(String name, ImageCacheProcess p) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor()).isZero();
  }

  /**
   * PostgreSQL stopped under a tier: a launch of an image each member holds and has answered before is
   * answered from the member's memory, within 2 s, on every member; a launch of the alias's newer image
   * downloads it from the upstream as a single host would, and the next is answered from memory; once
   * PostgreSQL is back the tier says where the files are, the newer image recorded with the member that
   * took it in, from which the other member then fetches it.
   */
  @Test
  void withPostgresqlStopped_cachedLaunchesAnswerWithinTwoSeconds_anUncachedOneDownloads_andOnceItIsBackTheRecordsAreRight() throws Exception {
    String url = pg.createDatabase("tier_outage");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1, V2);
    String cached = fps.get(V1);
    String latest = fps.get(V2);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      ImageCacheProcess a = member("cache-a", url, upstream);
      ImageCacheProcess b = member("cache-b", url, upstream);
      for (ImageCacheProcess m : List.of(a, b)) {
        assertVerified(m.api().post("/1.0/lookup", Fixture.lookupByFingerprint(cached)), cached); // the launch that brings the image to the member
        m.api().awaitWrittenBehind();
      }
      pg.stop();
      try {
        for (ImageCacheProcess m : List.of(a, b)) {
          assertAnsweredWithinTwoSeconds(m.api(), Fixture.lookupByFingerprint(cached), cached);
        }
        HttpApi.Response downloaded = a.api().post("/1.0/lookup", lookup());
        assertVerified(downloaded, latest);
        assertThat(downloaded.metadata().path("downloaded").asBoolean()).as("from the upstream, as a single host would").isTrue();
        assertAnsweredWithinTwoSeconds(a.api(), lookup(), latest);
      } finally {
        pg.start();
      }
      Poll.until(() -> a.logText().contains("taken in while the database was out of reach, is recorded"));
      for (ImageCacheProcess m : List.of(a, b)) {
        HttpApi api = m.api();
        Poll.until(() -> api.get("/1.0/images/" + cached).status() == 200);
        assertThat(api.get("/1.0/images/" + cached).metadata().path("locations").toString()).isEqualTo("[\"cache-a\",\"cache-b\"]");
        assertThat(api.get("/1.0/images/" + latest).metadata().path("locations").toString()).isEqualTo("[\"cache-a\"]");
      }
      assertVerified(b.api().post("/1.0/lookup", lookup()), latest);
      assertThat(b.logText()).as("the record says where the files are: b fetches them from a").contains("from member cache-a");
      assertThat(b.api().get("/1.0/images/" + latest).metadata().path("locations").toString()).isEqualTo("[\"cache-a\",\"cache-b\"]");
      assertThat(upstream.served(V1 + "/root.tar.xz")).isEqualTo(1);
      assertThat(upstream.served(V2 + "/root.tar.xz")).isEqualTo(1);
    }
  }

  private static void assertAnsweredWithinTwoSeconds(HttpApi api, String lookup, String fp) throws Exception {
    java.time.Instant asked = java.time.Instant.now();
    HttpApi.Response r = api.post("/1.0/lookup", lookup);
    java.time.Duration took = java.time.Duration.between(asked, java.time.Instant.now());
    assertVerified(r, fp);
    assertThat(r.metadata().path("downloaded").asBoolean()).isFalse();
    assertThat(took).as("a cached launch does not wait on the database").isLessThan(java.time.Duration.ofSeconds(2));
  }


  @Test
  void theMemberDownloadingFromTheUpstreamKilledMidWay_theLaunchesWaitingOnTheOthersSucceed_theUpstreamSendsAtMostTwice() throws Exception {
    String url = pg.createDatabase("tier_takeover");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "8MiB", V1);
    String fp = fps.get(V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      upstream.throttle(1024L * 1024); // about eight seconds a download
      ImageCacheProcess a = member("cache-a", url, upstream);
      ImageCacheProcess b = member("cache-b", url, upstream);
      ImageCacheProcess c = member("cache-c", url, upstream);
      ExecutorService pool = Executors.newFixedThreadPool(7);
      try {
        HttpApi onA = a.api();
        pool.submit(() -> onA.post("/1.0/lookup", lookup())); // its answer never comes: the member is killed
        Poll.until(() -> upstream.firstBytesSent("root.tar.xz").isPresent());
        List<Future<HttpApi.Response>> waiting = new ArrayList<>();
        for (ImageCacheProcess m : List.of(b, c, b, c, b, c)) {
          HttpApi api = m.api();
          waiting.add(pool.submit(() -> api.post("/1.0/lookup", lookup())));
        }
        Poll.until(() -> b.logText().contains("from member cache-a") && c.logText().contains("from member cache-a"));

        a.kill();

        for (Future<HttpApi.Response> f : waiting) {
          assertVerified(f.get(), fp);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(upstream.served("root.tar.xz")).as(() -> "the upstream's log: " + upstream.log()).isLessThanOrEqualTo(2);
      assertThat(b.logText() + c.logText()).contains("took the download over (claim generation 2)");
      assertThat(b.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-b\",\"cache-c\"]");
    }
  }
}

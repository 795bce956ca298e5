package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.imagecache.suites.harness.Poll;
import org.imagecache.suites.harness.PostgresServer;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service on a real PostgreSQL (Debian's, a throwaway cluster that wants a password over
 * TCP): the schema migrated at the first start, a download recorded there and found again after a
 * restart, the password from a file or the environment and never in the log; a wrong password or a
 * database that is not there stops the start with one line naming it.
 */
class PostgresSuite {
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261102_0000";
  static PostgresServer pg;
  @TempDir Path work;

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

  private static String database(String url, String passwordLine) {
    return "database:\n  url: " + url + "\n  user: " + PostgresServer.USER + "\n" + passwordLine;
  }

  @Test
  void aServiceOnPostgresql_recordsItsDownload_andFindsItAgainAfterARestart() throws Exception {
    String url = pg.createDatabase("restart");
    Path pw = Files.writeString(work.resolve("pg.password"), PostgresServer.PASSWORD + "\n");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "1MiB", V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + upstream.url() + "\n"
          + database(url, "  password_file: " + pw + "\n") + "cluster:\n  member_name: cache-a\n").start();
      try (svc) {
        HttpApi.Response first = svc.api().post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\"}");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.metadata().path("downloaded").asBoolean()).isTrue();
        String fp = first.metadata().path("fingerprint").asText();
        assertThat(fp).isEqualTo(fps.get(V1));
        svc.api().awaitWrittenBehind();
        assertThat(pg.psql("restart", "SELECT fingerprint || ' ' || cached FROM images")).isEqualTo(fp + " true");
        assertThat(pg.psql("restart", "SELECT server FROM image_sources")).isEqualTo(upstream.url());
        assertThat(svc.stop()).isZero();

        upstream.clearLog();
        svc.start();
        HttpApi.Response again = svc.api().post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\"}");
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.metadata().path("fingerprint").asText()).isEqualTo(fp);
        assertThat(again.metadata().path("downloaded").asBoolean()).as("the record and the files outlived the restart").isFalse();
        assertThat(upstream.served("root.tar.xz")).isZero();
        HttpApi.Response image = svc.api().get("/1.0/images/" + fp);
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.metadata().path("locations").toString()).isEqualTo("[\"cache-a\"]");
        assertThat(pg.psql("restart", "SELECT fingerprint || ' ' || member FROM image_replicas")).isEqualTo(fp + " cache-a");
        assertThat(svc.cli("images", "list").stdout()).contains(fp.substring(0, 12));
        assertThat(svc.api().get("/1.0/cache/stats").metadata().path("members").get(0).path("name").asText()).isEqualTo("cache-a");
        assertThat(svc.cli("stats").stdout()).as("a tier of one prints no members line").doesNotContain("Members:");
        assertThat(svc.logText()).contains("database.url=" + url).doesNotContain(PostgresServer.PASSWORD)
            .doesNotContain(" WARN ").doesNotContain(" ERROR ");
      }
    }
  }

  /**
   * The database down (issue 20 item 5): a launch of what the service holds is answered from memory
   * within 2 s; what needs the database (the image list) answers 503 {@code database_unavailable},
   * naming it, within the connect budget; an uncached image downloads as on a single host, a launch
   * that asks for an instance lease on it answers 503 {@code image_not_recorded}; once the database is
   * back the download is recorded with this member as its location, and nothing was fetched twice.
   */
  @Test
  void withPostgresqlDown_cachedLaunchesAnswerFromMemory_anUncachedOneDownloads_andIsRecordedOnceItIsBack() throws Exception {
    String url = pg.createDatabase("outage");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1, V2);
    String cached = fps.get(V1);
    String uncached = fps.get(V2);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + upstream.url() + "\n"
          + database(url, "  password: " + PostgresServer.PASSWORD + "\n") + "cluster:\n  member_name: cache-a\n").start();
      try (svc) {
        assertThat(svc.api().post("/1.0/lookup", Fixture.lookupByFingerprint(cached)).status()).isEqualTo(200);
        svc.api().awaitWrittenBehind();
        pg.stop();
        try {
          long t0 = System.nanoTime();
          HttpApi.Response fromMemory = svc.api().post("/1.0/lookup", Fixture.lookupByFingerprint(cached));
          long cachedMs = (System.nanoTime() - t0) / 1_000_000;
          assertThat(fromMemory.status()).as(fromMemory.raw()).isEqualTo(200);
          assertThat(fromMemory.metadata().path("downloaded").asBoolean()).isFalse();
          assertThat(cachedMs).as("a cached launch does not wait on the database").isLessThan(2000);

          t0 = System.nanoTime();
          HttpApi.Response list = svc.api().get("/1.0/images");
          long listMs = (System.nanoTime() - t0) / 1_000_000;
          assertThat(list.status()).as(list.raw()).isEqualTo(503);
          assertThat(list.reason()).isEqualTo("database_unavailable");
          assertThat(list.error()).contains("The database " + url + " cannot be reached").contains("refused");
          assertThat(listMs).as("the connect budget, not the defaults").isLessThan(4000);

          HttpApi.Response fetched = svc.api().post("/1.0/lookup", Fixture.lookupByFingerprint(uncached));
          assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
          assertThat(fetched.metadata().path("downloaded").asBoolean()).isTrue();
          assertThat(Path.of(fetched.metadata().path("files").path("root").asText())).exists();

          HttpApi.Response pinned = svc.api().post("/1.0/lookup",
              "{\"remote\":\"fixture\",\"fingerprint\":\"" + uncached + "\",\"instance\":\"web1\"}");
          assertThat(pinned.status()).as(pinned.raw()).isEqualTo(503);
          assertThat(pinned.reason()).isEqualTo("image_not_recorded");
        } finally {
          pg.start();
        }
        HttpApi api = svc.api();
        Poll.until(() -> svc.logText().contains("taken in while the database was out of reach, is recorded"));
        HttpApi.Response recorded = api.get("/1.0/images/" + uncached);
        assertThat(recorded.status()).as(recorded.raw()).isEqualTo(200);
        assertThat(recorded.metadata().path("locations").toString()).isEqualTo("[\"cache-a\"]");
        assertThat(api.imageFingerprints()).containsExactlyInAnyOrder(cached, uncached);
        HttpApi.Response again = api.post("/1.0/lookup",
            "{\"remote\":\"fixture\",\"fingerprint\":\"" + uncached + "\",\"instance\":\"web1\"}");
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.metadata().path("downloaded").asBoolean()).isFalse();
        try (java.util.stream.Stream<Path> held = Files.list(svc.dataDir().resolve("images"))) {
          assertThat(held.map(f -> f.getFileName().toString()))
              .as("no orphan files").containsExactlyInAnyOrder(cached, cached + ".rootfs", uncached, uncached + ".rootfs");
        }
        assertThat(upstream.served(V1 + "/root.tar.xz")).isEqualTo(1);
        assertThat(upstream.served(V2 + "/root.tar.xz")).isEqualTo(1);
        assertThat(svc.logText()).contains("its record waits for the database");
      }
    }
  }


  /**
   * Two members on one database: a settings change on one is applied by the other within the
   * watch's interval; an image one downloaded shows on the other with its location; when the other
   * launches it, it fetches the files for itself (the tier's one download per file is still to come)
   * and both are listed.
   */
  @Test
  void twoMembersOnOneDatabase_shareSettingsAndRecords_andEachSaysWhereTheFilesAre() throws Exception {
    String url = pg.createDatabase("two_members");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      String shared = "remotes:\n  fixture:\n    url: " + upstream.url() + "\n" + database(url, "  password: " + PostgresServer.PASSWORD + "\n");
      ImageCacheProcess a = ImageCacheProcess.create(Files.createDirectories(work.resolve("a")), shared + "cluster:\n  member_name: cache-a\n").start();
      try (a) {
        ImageCacheProcess b = ImageCacheProcess.create(Files.createDirectories(work.resolve("b")), shared + "cluster:\n  member_name: cache-b\n").start();
        try (b) {
          assertThat(a.api().patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"3\"}}").status()).isEqualTo(200);
          Poll.until(() -> "3".equals(b.api().get("/1.0").metadata().path("config").path("images.remote_cache_expiry").asText()));
          assertThat(b.logText()).contains("settings changed in the database");

          String body = "{\"remote\":\"fixture\",\"alias\":\"testos/1\"}";
          assertThat(a.api().post("/1.0/lookup", body).metadata().path("fingerprint").asText()).isEqualTo(fps.get(V1));
          String fp = fps.get(V1);
          assertThat(b.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-a\"]");

          HttpApi.Response onB = b.api().post("/1.0/lookup", body);
          assertThat(onB.status()).as(onB.raw()).isEqualTo(200);
          assertThat(b.dataDir().resolve("images").resolve(fp)).isRegularFile();
          assertThat(a.api().get("/1.0/images/" + fp).metadata().path("locations").toString()).isEqualTo("[\"cache-a\",\"cache-b\"]");
          assertThat(b.cli("stats").stdout()).contains("Members: cache-a (1 image), cache-b (1 image)");
        }
      }
    }
  }

  /**
   * Leases live in the shared database: an instance lease taken on one member keeps the image from
   * another member's prune, even one whose clock says the image expired long ago.
   */
  @Test
  void aLeaseTakenOnOneMember_keepsTheImageFromAnotherMembersPrune() throws Exception {
    String url = pg.createDatabase("shared_leases");
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "256KiB", V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"))) {
      String shared = "remotes:\n  fixture:\n    url: " + upstream.url() + "\n" + database(url, "  password: " + PostgresServer.PASSWORD + "\n")
          + "cache:\n  fresh_grace: 0s\n  launch_lease: 1s\n";
      ImageCacheProcess a = ImageCacheProcess.create(Files.createDirectories(work.resolve("a")), shared + "cluster:\n  member_name: cache-a\n").start();
      try (a) {
        String fp = fps.get(V1);
        assertThat(a.api().post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\"}").metadata().path("fingerprint").asText()).isEqualTo(fp);
        HttpApi.Response lease = a.api().post("/1.0/leases", "{\"fingerprint\":\"" + fp + "\",\"holder\":\"instance-1\"}");
        assertThat(lease.status()).as(lease.raw()).isEqualTo(201);

        ImageCacheProcess b = ImageCacheProcess.create(Files.createDirectories(work.resolve("b")), shared + "cluster:\n  member_name: cache-b\n").start();
        try (b) {
          // B holds a copy too, so that its prune has something of the image to judge
          assertThat(b.api().post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\"}").status()).isEqualTo(200);
          b.stop();
          b.startAfter(java.time.Duration.ofDays(30)); // its clock: the image unused for 30 days, past the 10-day expiry
          HttpApi api = b.api();
          // the prune that runs at every start may be under way: a prune asked for then answers 409 prune_running
          Poll.until(() -> api.post("/1.0/cache/prune", "{\"dry_run\": false}").status() == 200);
          assertThat(b.api().imageFingerprints()).containsExactly(fp);
          assertThat(a.api().imageFingerprints()).containsExactly(fp);
          assertThat(a.dataDir().resolve("images").resolve(fp)).isRegularFile();
          assertThat(b.dataDir().resolve("images").resolve(fp)).isRegularFile();
          assertThat(b.api().get("/1.0/cache/events?kind=image-deleted").metadata()).isEmpty();
        }
      }
    }
  }

  @Test
  void thePasswordFromTheEnvironment_works_andIsNeverLogged() throws Exception {
    String url = pg.createDatabase("from_env");
    ImageCacheProcess svc = ImageCacheProcess.create(work, database(url, ""), Map.of("IMAGECACHE_DATABASE_PASSWORD", PostgresServer.PASSWORD)).start();
    try (svc) {
      assertThat(svc.api().get("/1.0").status()).isEqualTo(200);
      assertThat(svc.logText()).contains("database.password=***").doesNotContain(PostgresServer.PASSWORD);
      assertThat(pg.psql("from_env", "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo("6");
    }
  }

  @Test
  void aWrongPassword_orADatabaseThatIsNotThere_stopsTheStartWithOneLineNamingIt() throws Exception {
    String url = pg.createDatabase("refused");
    CliResult wrong = Cli.run(Map.of(), List.of("serve", "--set", "data_dir=" + work.resolve("d1"), "--set", "database.url=" + url,
        "--set", "database.user=postgres", "--set", "database.password=not-the-password"));
    assertOneLine(wrong, url, "password authentication failed");
    assertThat(wrong.stderr()).doesNotContain("not-the-password");
    assertThat(pg.psql("refused", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).as("nothing was written").isEqualTo("0");

    String missing = pg.url("no_such_database");
    CliResult absent = Cli.run(Map.of(), List.of("serve", "--set", "data_dir=" + work.resolve("d2"), "--set", "database.url=" + missing,
        "--set", "database.user=postgres", "--set", "database.password=" + PostgresServer.PASSWORD));
    assertOneLine(absent, missing, "no_such_database");

    String nobody = "jdbc:postgresql://127.0.0.1:" + ImageCacheProcess.freePort() + "/x";
    CliResult unreachable = Cli.run(Map.of(), List.of("serve", "--set", "data_dir=" + work.resolve("d3"), "--set", "database.url=" + nobody,
        "--set", "database.user=postgres"));
    assertOneLine(unreachable, nobody, "refused");
  }

  private static void assertOneLine(CliResult r, String... mentions) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isNotZero();
    assertThat(r.stderr().strip().lines()).as("stderr: %s", r.stderr()).hasSize(1);
    assertThat(r.stderr()).contains(mentions);
  }
}

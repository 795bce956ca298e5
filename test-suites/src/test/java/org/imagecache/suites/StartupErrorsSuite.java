package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration, an unusable data directory, a port in use, a database the code cannot read: a
 * one-line error naming the cause, a non-zero exit, and the existing data untouched.
 */
class StartupErrorsSuite {
  @TempDir Path work;

  private CliResult serve(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(List.of(args));
    return Cli.run(env, all);
  }

  private static void assertOneLineError(CliResult r, String... mentions) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isNotZero();
    assertThat(r.stderr().strip().lines()).as("stderr: %s", r.stderr()).hasSize(1);
    assertThat(r.stderr()).contains(mentions);
  }

  @Test
  void unknownKeyInTheConfigFile() throws Exception {
    Path cfg = Files.writeString(work.resolve("c.yaml"), "data_dir: " + work.resolve("d") + "\nimages:\n  auto_update_intervall: 3\n");
    assertOneLineError(serve(Map.of(), "--config", cfg.toString()), "images.auto_update_intervall");
    assertThat(work.resolve("d")).doesNotExist();
  }

  @Test
  void invalidValueFromTheEnvironment() throws Exception {
    assertOneLineError(serve(Map.of("IMAGECACHE_IMAGES_AUTO_UPDATE_INTERVAL", "-1"), "--set", "data_dir=" + work.resolve("d")),
        "images.auto_update_interval", "-1");
  }

  @Test
  void invalidSetFlagAndMalformedYaml() throws Exception {
    assertOneLineError(serve(Map.of(), "--set", "cache.launch_lease=soon"), "cache.launch_lease");
    assertOneLineError(serve(Map.of(), "--set", "cache.low_watermark=90%"), "cache.low_watermark", "above");
    for (String bad : List.of("-5m", "later")) {
      CliResult r = serve(Map.of(), "--set", "data_dir=" + work.resolve("d"), "--set", "remotes.images.catalog_stale_while_revalidate=" + bad);
      assertOneLineError(r, "remotes.images.catalog_stale_while_revalidate", bad);
      assertThat(r.exitCode()).isEqualTo(1);
    }
    Path yaml = Files.writeString(work.resolve("bad.yaml"), "images: [1, 2\n");
    assertOneLineError(serve(Map.of(), "--config", yaml.toString()), yaml.toString());
    assertOneLineError(serve(Map.of(), "--config", work.resolve("missing.yaml").toString()), "missing.yaml", "no such file");
  }

  @Test
  void dataDirThatCannotBeADirectory() throws Exception {
    Path file = Files.writeString(work.resolve("plain-file"), "x");
    assertOneLineError(serve(Map.of(), "--set", "data_dir=" + file.resolve("sub")), "data_dir", file.toString());
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void portInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertOneLineError(serve(Map.of(), "--set", "data_dir=" + work.resolve("d"), "--set", "listen=127.0.0.1:" + taken.getLocalPort()),
          "127.0.0.1:" + taken.getLocalPort(), "in use");
    }
  }

  @Test
  void anAddressThatIsNotThisHostsIsSaidSo() throws Exception {
    CliResult r = serve(Map.of(), "--set", "data_dir=" + work.resolve("d"), "--set", "listen=192.0.2.7:18190");
    assertOneLineError(r, "192.0.2.7:18190", "cannot assign that address");
    assertThat(r.stderr()).doesNotContain("in use");
  }

  @Test
  void dataDirAlreadyServedByAnotherImagecache() throws Exception {
    try (ImageCacheProcess first = ImageCacheProcess.create(work, "").start()) {
      assertOneLineError(serve(Map.of(), "--set", "data_dir=" + first.dataDir(), "--set", "listen=127.0.0.1:" + ImageCacheProcess.freePort()),
          "in use by another imagecache");
      assertThat(first.api().get("/1.0").status()).isEqualTo(200);
    }
  }

  @Test
  void aSymlinkedTokenFileIsRefusedAndAnExposedOneReplaced() throws Exception {
    Path data = Files.createDirectories(work.resolve("t"));
    Path elsewhere = Files.writeString(work.resolve("someone-elses-file"), "e".repeat(64) + "\n");
    Files.createSymbolicLink(data.resolve("admin.token"), elsewhere);
    assertOneLineError(serve(Map.of(), "--set", "data_dir=" + data, "--set", "listen=127.0.0.1:" + ImageCacheProcess.freePort()),
        "admin.token", "symbolic link");
    assertThat(Files.readString(elsewhere)).isEqualTo("e".repeat(64) + "\n");

    Files.createDirectories(work.resolve("t-svc"));
    try (ImageCacheProcess svc = ImageCacheProcess.create(work.resolve("t-svc"), "")) {
      Path token = Files.createDirectories(svc.dataDir()).resolve("admin.token");
      Files.writeString(token, "f".repeat(64) + "\n");
      Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      svc.start();
      assertThat(svc.token()).hasSize(64).isNotEqualTo("f".repeat(64));
      assertThat(svc.api().withToken("f".repeat(64)).get("/1.0").status()).isEqualTo(401);
      assertThat(svc.api().get("/1.0").status()).isEqualTo(200);
      assertThat(svc.logText()).contains("readable by others").contains("the old one no longer works");
    }
  }

  @Test
  void databaseFileThatIsNotSqliteIsLeftUntouched() throws Exception {
    Path data = Files.createDirectories(work.resolve("d"));
    Path db = Files.writeString(data.resolve("imagecache.db"), "this is not a database, but it is someone's data\n");
    byte[] before = Files.readAllBytes(db);
    assertOneLineError(serve(Map.of(), "--set", "data_dir=" + data, "--set", "listen=127.0.0.1:" + ImageCacheProcess.freePort()),
        "imagecache.db", "not an SQLite database");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(data.resolve("tls")).as("a start that fails creates no mirror CA").doesNotExist();
  }

  @Test
  void databaseWithANewerSchemaIsLeftUntouched() throws Exception {
    ImageCacheProcess svc = ImageCacheProcess.create(work, "").start();
    assertThat(svc.stop()).isZero();
    Path db = svc.dataDir().resolve("imagecache.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
          + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0, 1)");
    }
    String before = sha256(db);

    CliResult r = Cli.run(Map.of(), List.of("serve", "--config", svc.configFile().toString()));

    assertOneLineError(r, "schema version 99", "newer");
    assertThat(sha256(db)).isEqualTo(before);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    CliResult r = Cli.run(Map.of(), List.of("serve", "--no-such-flag"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(new String(r.stderr().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("--no-such-flag");
  }
}

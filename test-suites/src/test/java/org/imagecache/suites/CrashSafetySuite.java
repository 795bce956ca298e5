package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imagecache.suites.harness.DataDirState;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 1: SIGKILL the service at random moments (during a download, a prune and an
 * auto-update swap), restart it on the same data directory and check that nothing is lost or left
 * partial: no {@code *.partial} file, every image file has a record and every record its files (whose
 * SHA-256 is the fingerprint), {@code PRAGMA integrity_check} is ok, and the next lookup succeeds.
 *
 * <p>Trials per scenario: {@code -Dimagecache.crash.trials=N} (3 by default, 20 for the full run);
 * the random delays come from a seeded {@link Random} whose seed is printed ({@code
 * -Dimagecache.crash.seed=S} replays a run).
 */
class CrashSafetySuite {
  private static final Pattern IMAGE_FILE = Pattern.compile("([0-9a-f]{64})(\\.rootfs)?");
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261115_0000";
  private static final long MIB = 1024 * 1024;
  private static final String CACHE = "cache:\n  fresh_grace: 0s\n  launch_lease: 1s\n";

  private static final int TRIALS = Integer.getInteger("imagecache.crash.trials", 3);
  private static final long SEED = seed();
  private static final Random RANDOM = new Random(SEED);
  private static final AtomicInteger KILLS = new AtomicInteger();
  private static final AtomicInteger CHECKS = new AtomicInteger();
  private static final List<String> FAULTS = new ArrayList<>();

  @TempDir static Path streams;
  @TempDir Path work;

  @BeforeAll
  static void announce() {
    System.out.println("CrashSafetySuite: seed " + SEED + ", " + TRIALS + " trials per scenario");
  }

  @AfterAll
  static void summary() {
    System.out.println("CrashSafetySuite: seed " + SEED + ", " + KILLS.get() + " SIGKILLs injected, "
        + CHECKS.get() + " invariant checks held");
    FAULTS.forEach(f -> System.out.println("  " + f));
  }

  @Test
  void aKillDuringADownloadLeavesNothingPartial() throws Exception {
    Path stream = streams.resolve("big");
    String fp = Streams.make(stream, "amd64", "8MiB", V1).get(V1);
    long total = fileBytes(stream);
    long rate = 4 * MIB;
    try (StreamServer server = StreamServer.serve(stream)) {
      for (int t = 1; t <= TRIALS; t++) {
        ImageCacheProcess svc = service(work.resolve("download-" + t), server, "");
        try {
          server.throttle(rate);
          svc.start();
          server.clearLog();
          long sent0 = server.bodyBytesSent();
          HttpApi.Response r = svc.api().post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"wait\":false}");
          assertThat(r.status()).as(r.raw()).isEqualTo(202);
          waitUntil(Duration.ofSeconds(15), () -> server.served("root.tar.xz") > 0, () -> "the rootfs download never started");
          long delay = RANDOM.nextInt((int) (total * 1100 / rate));
          Thread.sleep(delay);
          long offset = server.bodyBytesSent() - sent0;
          svc.kill();
          fault("download trial " + t + ": killed " + delay + " ms after the rootfs request, at ~" + offset + " of " + total + " bytes served");

          server.throttle(0);
          svc.start();
          awaitInvariants(svc);
          lookupAndVerify(svc, Set.of(fp));
          assertThat(svc.stop()).isZero();
          checkStopped(svc);
        } finally {
          svc.kill();
        }
      }
    }
  }

  @Test
  void aKillDuringAPruneLeavesImagesWholeOrGone() throws Exception {
    String[] versions = {"20261101_0000", "20261102_0000", "20261103_0000", "20261104_0000"};
    Path stream = streams.resolve("many");
    Map<String, String> fps = Streams.make(stream, "amd64", "256KiB", versions);
    try (StreamServer server = StreamServer.serve(stream)) {
      for (int t = 1; t <= TRIALS; t++) {
        ImageCacheProcess svc = service(work.resolve("prune-" + t), server, CACHE);
        try {
          svc.start();
          HttpApi api = svc.api();
          assertThat(api.patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"0\"}}").status()).isEqualTo(200);
          for (String fp : fps.values()) {
            HttpApi.Response r = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + fp + "\"}");
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
          }
          assertThat(svc.stop()).isZero();
          svc.startAfter(Duration.ofDays(2)); // the launch leases (1 s) are over, the images unused for 2 days
          api = svc.api();
          assertThat(api.imageFingerprints()).as("expiry 0: nothing pruned at start").hasSize(fps.size());

          HttpApi patching = api;
          Thread patch = new Thread(() -> {
            try {
              patching.patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"1\"}}");
            } catch (IOException | InterruptedException e) {
              // the kill cuts the exchange
            }
          });
          patch.setDaemon(true);
          patch.start();
          long delay = RANDOM.nextInt(300);
          Thread.sleep(delay);
          svc.kill();
          patch.join(10_000);
          fault("prune trial " + t + ": killed " + delay + " ms after PATCH expiry=1; image files left "
              + imageFiles(svc).size() + " of " + 2 * fps.size() + ", records left " + records(svc).size() + " of " + fps.size());
          assertThat(DataDirState.integrityCheck(svc.dataDir())).as("integrity right after the kill").isEqualTo("ok");

          svc.start();
          awaitInvariants(svc);
          lookupAndVerify(svc, Set.of(fps.get(versions[versions.length - 1])));
          assertThat(svc.stop()).isZero();
          checkStopped(svc);
        } finally {
          svc.kill();
        }
      }
    }
  }

  @Test
  void aKillDuringAnAutoUpdateSwapLosesNeitherImage() throws Exception {
    Path one = streams.resolve("one");
    Path two = streams.resolve("two");
    String old = Streams.make(one, "amd64", "2MiB", V1).get(V1);
    Map<String, String> both = Streams.make(two, "amd64", "2MiB", V1, V2);
    assertThat(both.get(V1)).as("make-stream is deterministic").isEqualTo(old);
    String newer = both.get(V2);
    long rate = 2 * MIB;
    try (StreamServer server = StreamServer.serve(one)) {
      for (int t = 1; t <= TRIALS; t++) {
        ImageCacheProcess svc = service(work.resolve("update-" + t), server, CACHE);
        try {
          server.serveFrom(one);
          server.throttle(0);
          svc.start();
          HttpApi api = svc.api();
          HttpApi.Response first = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
          assertThat(first.metadata().path("fingerprint").asText()).as(first.raw()).isEqualTo(old);

          server.serveFrom(two);
          server.throttle(rate);
          server.clearLog();
          Thread refresh = new Thread(() -> {
            try {
              api.post("/1.0/images/" + old + "/refresh", null);
            } catch (IOException | InterruptedException e) {
              // the kill cuts the exchange
            }
          });
          refresh.setDaemon(true);
          refresh.start();
          long delay = RANDOM.nextInt(1600);
          Thread.sleep(delay);
          boolean started = server.served("root.tar.xz") > 0;
          svc.kill();
          refresh.join(10_000);
          fault("update trial " + t + ": killed " + delay + " ms after POST refresh (new rootfs download "
              + (started ? "started" : "not started") + ")");

          server.throttle(0);
          svc.start();
          awaitInvariants(svc);
          lookupAndVerify(svc, Set.of(old, newer));
          assertThat(svc.stop()).isZero();
          checkStopped(svc);
        } finally {
          svc.kill();
        }
      }
    }
  }

  private static ImageCacheProcess service(Path dir, StreamServer server, String extraYaml) throws IOException {
    Files.createDirectories(dir);
    return ImageCacheProcess.create(dir, "remotes:\n  fixture:\n    url: " + server.url() + "\n    catalog_ttl: 1h\n" + extraYaml);
  }

  private static synchronized void fault(String what) {
    KILLS.incrementAndGet();
    FAULTS.add(what);
    System.out.println("CrashSafetySuite: " + what);
  }

  /** The lookup of testos/1 succeeds with one of these fingerprints, and the files hash to it. */
  private static void lookupAndVerify(ImageCacheProcess svc, Set<String> expected) throws Exception {
    HttpApi.Response r = svc.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    String fp = r.metadata().path("fingerprint").asText();
    assertThat(fp).as(r.raw()).isIn(expected);
    assertThat(hashOf(svc, fp)).as("SHA-256 of the files of " + fp).isEqualTo(fp);
  }

  /** While the service runs, start-up work (sweep, prune) may still be moving: wait until the invariants hold. */
  private static void awaitInvariants(ImageCacheProcess svc) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      List<String> problems = problems(svc, true);
      if (problems.isEmpty()) {
        CHECKS.incrementAndGet();
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("invariants broken 20 s after the restart:\n  " + String.join("\n  ", problems)
            + "\nservice log tail:\n" + tail(svc.logText()));
      }
      Thread.sleep(200);
    }
  }

  /** After a clean stop the state must be exact. */
  private static void checkStopped(ImageCacheProcess svc) throws Exception {
    assertThat(problems(svc, false)).as("invariants after the clean stop").isEmpty();
    CHECKS.incrementAndGet();
  }

  /** Every way the data directory breaks the invariants (empty: none). */
  private static List<String> problems(ImageCacheProcess svc, boolean running) throws Exception {
    List<String> out = new ArrayList<>();
    Path dir = svc.dataDir().resolve("images");
    Map<String, Boolean> recs = records(svc);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        Matcher m = IMAGE_FILE.matcher(name);
        if (name.endsWith(".partial")) {
          out.add("temp file left: " + name);
        } else if (m.matches() && !recs.containsKey(m.group(1))) {
          out.add("image file without a record: " + name);
        } else if (!m.matches()) {
          out.add("unexpected file: " + name);
        }
      }
    }
    for (Map.Entry<String, Boolean> r : recs.entrySet()) {
      String fp = r.getKey();
      Path meta = dir.resolve(fp);
      Path rootfs = dir.resolve(fp + ".rootfs");
      if (!Files.isRegularFile(meta) || (!r.getValue() && !Files.isRegularFile(rootfs))) {
        out.add("record without its files: " + fp);
      } else {
        String sha = hashOf(svc, fp);
        if (!sha.equals(fp)) {
          out.add("files of " + fp + " hash to " + sha);
        }
      }
    }
    if (running) {
      Set<String> listed = new TreeSet<>(svc.api().imageFingerprints());
      Set<String> inDb = new TreeSet<>(recordsOfDefault(svc));
      if (!listed.equals(inDb)) {
        out.add("GET /1.0/images lists " + listed + " but the database has " + inDb);
      }
    }
    String integrity = DataDirState.integrityCheck(svc.dataDir());
    if (!"ok".equals(integrity)) {
      out.add("PRAGMA integrity_check: " + integrity);
    }
    return out;
  }

  private static String hashOf(ImageCacheProcess svc, String fp) throws IOException {
    Path meta = svc.dataDir().resolve("images/" + fp);
    Path rootfs = svc.dataDir().resolve("images/" + fp + ".rootfs");
    return Files.exists(rootfs) ? Streams.sha256(meta, rootfs) : Streams.sha256(meta);
  }

  /** Fingerprint -> unified, over every project (read-only: the service may be running). */
  private static Map<String, Boolean> records(ImageCacheProcess svc) throws Exception {
    Map<String, Boolean> out = new TreeMap<>();
    try (Connection c = DataDirState.readOnly(svc.dataDir()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT fingerprint, unified FROM images")) {
      while (rs.next()) {
        out.merge(rs.getString(1), rs.getBoolean(2), (a, b) -> a && b);
      }
    }
    return out;
  }

  private static List<String> recordsOfDefault(ImageCacheProcess svc) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DataDirState.readOnly(svc.dataDir()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT fingerprint FROM images WHERE project = 'default'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<Path> imageFiles(ImageCacheProcess svc) throws IOException {
    try (Stream<Path> files = Files.list(svc.dataDir().resolve("images"))) {
      return files.filter(p -> IMAGE_FILE.matcher(p.getFileName().toString()).matches()).toList();
    }
  }

  private static long fileBytes(Path stream) throws IOException {
    try (Stream<Path> files = Files.walk(stream.resolve("images"))) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
  }

  private static long seed() {
    String s = System.getProperty("imagecache.crash.seed", "");
    return s.isBlank() ? new Random().nextLong() : Long.parseLong(s.trim());
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitUntil(Duration limit, Check check, java.util.function.Supplier<String> what) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (!check.ok()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what.get() + " within " + limit);
      }
      Thread.sleep(20);
    }
  }
}

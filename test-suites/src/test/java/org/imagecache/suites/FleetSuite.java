package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.imagecache.suites.harness.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host caches behind a site cache, all of them the packaged jar as processes, in front of one upstream
 * static server on loopback: each host lists the site's mirror endpoint (pinned to the certificate the
 * site created) before the upstream.
 */
class FleetSuite {
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261102_0000";

  @TempDir Path work;

  /** A site cache in front of the upstream. */
  private static ImageCacheProcess site(Path dir, StreamServer upstream) throws Exception {
    return ImageCacheProcess.create(Files.createDirectories(dir), "remotes:\n  fixture:\n    url: " + upstream.url() + "\n").jvmOptions("-Xmx160m")
        .start();
  }

  /** A host cache whose remote lists the site's mirror endpoint first, pinned to the site's server certificate. */
  private static ImageCacheProcess host(Path dir, StreamServer upstream, ImageCacheProcess site) throws Exception {
    String pin = TestCa.pinOf(site.dataDir().resolve("tls/server.crt"));
    return hostOf(dir, upstream, "https://127.0.0.1:" + site.mirrorPort() + "/fixture/ sha256:" + pin);
  }

  private static String logOf(ImageCacheProcess p) {
    try {
      return p.logText();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static String lookup(String alias) {
    return "{\"remote\":\"fixture\",\"alias\":\"" + alias + "\"}";
  }

  /** SHA-256 over the metadata and the rootfs, as LXD computes a fingerprint. */
  private static String fingerprintOf(JsonNode files) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(Files.readAllBytes(Path.of(files.path("meta").asText())));
    sha.update(Files.readAllBytes(Path.of(files.path("root").asText())));
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void twentyFourLaunchesOverEightHostsBehindOneSite_allVerified_theUpstreamSendsEachFileOnce() throws Exception {
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "1MiB", V1);
    List<ImageCacheProcess> hosts = new ArrayList<>();
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"));
        ImageCacheProcess site = site(work.resolve("site"), upstream)) {
      try {
        for (int i = 0; i < 8; i++) {
          hosts.add(host(work.resolve("host" + i), upstream, site));
        }
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
          List<Callable<HttpApi.Response>> launches = new ArrayList<>();
          for (int i = 0; i < 24; i++) {
            HttpApi api = hosts.get(i % 8).api();
            launches.add(() -> api.post("/1.0/lookup", lookup("testos/1")));
          }
          for (Future<HttpApi.Response> f : pool.invokeAll(launches)) {
            HttpApi.Response r = f.get();
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(fps.get(V1));
            assertThat(fingerprintOf(r.metadata().path("files"))).isEqualTo(fps.get(V1));
          }
        } finally {
          pool.shutdownNow();
        }
        assertThat(upstream.served("lxd.tar.xz")).as(() -> "the upstream's log; a host's: " + logOf(hosts.get(0))).isEqualTo(1);
        assertThat(upstream.served("root.tar.xz")).isEqualTo(1);
        for (ImageCacheProcess h : hosts) {
          JsonNode remote = h.api().get("/1.0/remotes/fixture").metadata();
          assertThat(remote.path("url").asText()).as("the image's identity is the upstream").isEqualTo(upstream.url());
          assertThat(remote.path("source_bytes").path("from_upstream").asLong()).isZero();
          assertThat(remote.path("mirrors").get(0).path("state").asText()).isEqualTo("closed");
        }
        ImageCacheProcess.CliResult stats = hosts.get(0).cli("stats");
        assertThat(stats.stdout()).contains("fixture: ").contains("from 1 mirror, 0B from the upstream (100% of the upstream's bytes saved)");
      } finally {
        for (ImageCacheProcess h : hosts) {
          h.close();
        }
      }
    }
  }

  /** A host whose remote lists this mirror URL first (an http:// one, or an https:// one pinned to nothing in particular). */
  private static ImageCacheProcess hostOf(Path dir, StreamServer upstream, String mirror) throws Exception {
    return ImageCacheProcess.create(Files.createDirectories(dir), "remotes:\n  fixture:\n    url: " + upstream.url() + "\n    mirrors:\n      - "
        + mirror + "\n").jvmOptions("-Xmx160m").start();
  }

  @Test
  void aSiteThatAcceptsAndNeverAnswers_isLeftWithinItsBudgets_notTheDefaultTimeouts() throws Exception {
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "1MiB", V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"));
        java.net.ServerSocket blackHole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (!blackHole.isClosed()) {
            held.add(blackHole.accept()); // and never a byte back
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try (ImageCacheProcess host = hostOf(work.resolve("host"), upstream, "https://127.0.0.1:" + blackHole.getLocalPort() + "/fixture/")) {
        Instant asked = Instant.now();
        HttpApi.Response r = host.api().post("/1.0/lookup", lookup("testos/1"));
        Duration took = Duration.between(asked, Instant.now());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(fps.get(V1));
        // connect (1 s) and head (5 s) budgets, then the upstream: far inside the remote's own 10 s + 30 s
        assertThat(took).isLessThan(Duration.ofSeconds(9));
        assertThat(held).as("the host did reach the black hole").isNotEmpty();
        JsonNode mirror = host.api().get("/1.0/remotes/fixture").metadata().path("mirrors").get(0);
        assertThat(mirror.path("state").asText()).isEqualTo("open");

        Instant again = Instant.now();
        HttpApi.Response second = host.api().post("/1.0/lookup", lookup("testos/1"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(Duration.between(again, Instant.now())).as("skipped while its breaker is open").isLessThan(Duration.ofSeconds(1));
      } finally {
        for (java.net.Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void aMirrorThatStallsMidBody_isLeftAfterItsStallBudget_andTheImageComesWholeFromTheUpstream() throws Exception {
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "1MiB", V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"));
        org.imagecache.suites.harness.FaultyRemote stalling = org.imagecache.suites.harness.FaultyRemote.serve(work.resolve("stream"))) {
      // a plain simplestreams mirror of the upstream (same paths), whose files stop half-way
      stalling.inject("root.tar.xz", org.imagecache.suites.harness.FaultyRemote.Fault.STALL_MID_BODY);
      try (ImageCacheProcess host = hostOf(work.resolve("host"), upstream, stalling.url())) {
        Instant asked = Instant.now();
        HttpApi.Response r = host.api().post("/1.0/lookup", lookup("testos/1"));
        Duration took = Duration.between(asked, Instant.now());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(fingerprintOf(r.metadata().path("files"))).isEqualTo(fps.get(V1));
        assertThat(took).as("the 10 s stall budget, then the upstream; not the remote's 30 s idle timeout").isBetween(Duration.ofSeconds(9),
            Duration.ofSeconds(20));
        assertThat(upstream.served("root.tar.xz")).isEqualTo(1);
        assertThat(stalling.served("index.json")).as("the catalog came from the mirror").isEqualTo(1);
        assertThat(host.logText()).contains("trying the next source");
      }
    }
  }

  @Test
  void aMirrorThatServesACorruptedFile_theLaunchSucceedsFromTheUpstream_nothingWrongIsKept_andTheEventNamesTheMirror() throws Exception {
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "1MiB", V1);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"));
        org.imagecache.suites.harness.FaultyRemote corrupting = org.imagecache.suites.harness.FaultyRemote.serve(work.resolve("stream"))) {
      corrupting.inject("root.tar.xz", org.imagecache.suites.harness.FaultyRemote.Fault.FLIP_BYTE);
      try (ImageCacheProcess host = hostOf(work.resolve("host"), upstream, corrupting.url())) {
        HttpApi.Response r = host.api().post("/1.0/lookup", lookup("testos/1"));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(fingerprintOf(r.metadata().path("files"))).isEqualTo(fps.get(V1));
        assertThat(corrupting.served("root.tar.xz")).isEqualTo(1);
        assertThat(upstream.served("root.tar.xz")).isEqualTo(1);
        HttpApi api = host.api();
        org.imagecache.suites.harness.Poll.until(() -> api.get("/1.0/cache/events?kind=image-downloaded").metadata().size() == 1);
        String detail = api.get("/1.0/cache/events?kind=image-downloaded").metadata().get(0).path("detail").asText();
        assertThat(detail).startsWith("from fixture upstream, after fixture mirror " + corrupting.url()).contains("Failed verifying");
        assertThat(api.get("/1.0/remotes/fixture").metadata().path("mirrors").get(0).path("state").asText()).isEqualTo("open");
      }
    }
  }

  @Test
  void theSiteKilled_aCachedLaunchAnswersAtOnce_anUncachedOneComesFromTheUpstreamWithinASecondAndAHalf() throws Exception {
    Map<String, String> fps = Streams.make(work.resolve("stream"), "amd64", "1MiB", V1, V2);
    try (StreamServer upstream = StreamServer.serve(work.resolve("stream"));
        ImageCacheProcess site = site(work.resolve("site"), upstream);
        ImageCacheProcess host = host(work.resolve("host"), upstream, site)) {
      HttpApi api = host.api();
      HttpApi.Response first = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + fps.get(V1) + "\"}");
      assertThat(first.status()).as(first.raw()).isEqualTo(200);
      assertThat(upstream.served("index.json")).as("the host's catalog came from the site").isEqualTo(1);

      site.kill();

      Instant asked = Instant.now();
      HttpApi.Response cached = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + fps.get(V1) + "\"}");
      Duration cachedTook = Duration.between(asked, Instant.now());
      assertThat(cached.status()).as(cached.raw()).isEqualTo(200);
      assertThat(cached.metadata().path("present").asBoolean()).isTrue();
      assertThat(cachedTook).as("a cached launch waits on no source").isLessThan(Duration.ofSeconds(1));

      Instant uncachedAsked = Instant.now();
      HttpApi.Response uncached = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + fps.get(V2) + "\"}");
      assertThat(uncached.status()).as(uncached.raw()).isEqualTo(200);
      assertThat(fingerprintOf(uncached.metadata().path("files"))).isEqualTo(fps.get(V2));
      String rootfs = "/images/testos/1/amd64/default/" + V2 + "/root.tar.xz";
      Instant upstreamFirst = upstream.firstBytesSent(V2 + "/lxd.tar.xz").orElseThrow();
      assertThat(Duration.between(uncachedAsked, upstreamFirst)).as("the first byte from the upstream after the request")
          .isLessThan(Duration.ofMillis(1500));
      assertThat(upstream.served(rootfs)).isEqualTo(1);
      JsonNode remote = api.get("/1.0/remotes/fixture").metadata();
      assertThat(remote.path("mirrors").get(0).path("state").asText()).isEqualTo("open");
      assertThat(remote.path("mirrors").get(0).path("last_error").asText()).isNotEmpty();
    }
  }
}

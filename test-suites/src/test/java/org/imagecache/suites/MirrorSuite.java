package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.MirrorClient;
import org.imagecache.suites.harness.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simplestreams mirror of a real service in front of a real HTTP remote, read over HTTPS by a client
 * that trusts only the service's private CA.
 */
class MirrorSuite {
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261115_0000";

  @TempDir Path work;

  /** One file of the mirror's products file: its item key, path, sha256 and size, and the version's fingerprint. */
  record Item(String version, String key, String path, String sha256, long size) {}

  @Test
  void theEndpointListsEveryImageOfTheRemote_atContentAddressedPathsWithTheUpstreamBasenames() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1, V2)) {
      MirrorClient mirror = mirror(f);

      MirrorClient.Answer index = mirror.get("streams/v1/index.json");
      assertThat(index.status()).as(index.text()).isEqualTo(200);
      JsonNode entries = HttpApi.JSON.readTree(index.body()).get("index");
      assertThat(entries.size()).isEqualTo(1);
      JsonNode entry = entries.elements().next();
      assertThat(entry.get("datatype").asText()).isEqualTo("image-downloads");
      assertThat(entry.get("products").size()).isEqualTo(1);
      MirrorClient.Answer products = mirror.get(entry.get("path").asText());
      assertThat(products.status()).isEqualTo(200);
      assertThat(products.header("content-type")).isEqualTo("application/json");

      Map<String, String> fingerprints = new LinkedHashMap<>();
      JsonNode versions = HttpApi.JSON.readTree(products.body()).get("products").elements().next().get("versions");
      versions.fields().forEachRemaining(v -> fingerprints.put(v.getKey(), v.getValue().get("items").get("lxd.tar.xz").get("combined_sha256").asText()));
      assertThat(fingerprints).isEqualTo(Map.of(V1, f.fingerprints.get(V1), V2, f.fingerprints.get(V2)));
      JsonNode upstream = HttpApi.JSON.readTree(f.streamDir.resolve("streams/v1/images.json").toFile()).get("products").elements().next()
          .get("versions");
      for (Item item : items(products)) {
        String upstreamPath = upstream.get(item.version()).get("items").get(item.key()).get("path").asText();
        assertThat(item.path()).isEqualTo("files/" + item.sha256() + "/" + upstreamPath.substring(upstreamPath.lastIndexOf('/') + 1));
      }
      assertThat(f.server.served("lxd.tar.xz")).as("listing fetches no image file").isZero();
    }
  }

  @Test
  void concurrentClientsOfAnImageNotHeldGetVerifiedBytes_andTheUpstreamSendsEachFileOnce() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      MirrorClient mirror = mirror(f);
      List<Item> items = items(mirror.get("streams/v1/imagecache:fixture.json"));
      assertThat(items).hasSize(2);

      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<MirrorClient.Answer>> answers = new ArrayList<>();
      List<Item> asked = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Item item = items.get(i % 2);
        asked.add(item);
        answers.add(pool.submit(() -> mirror.get(item.path())));
      }
      for (int i = 0; i < answers.size(); i++) {
        MirrorClient.Answer a = answers.get(i).get();
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(sha256(a.body())).isEqualTo(asked.get(i).sha256());
        assertThat(a.header("etag")).isEqualTo('"' + asked.get(i).sha256() + '"');
        assertThat(a.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
      }
      pool.shutdown();
      assertThat(f.server.served("lxd.tar.xz")).isEqualTo(1);
      assertThat(f.server.served("root.tar.xz")).isEqualTo(1);

      String fp = f.fingerprints.get(V1);
      HttpApi.Response image = f.service.api().get("/1.0/images/" + fp);
      assertThat(image.status()).as(image.raw()).isEqualTo(200);
      assertThat(image.metadata().path("cached").asBoolean()).as("a mirror client's image is a cached image, as a launch's").isTrue();
      HttpApi.Response leases = f.service.api().get("/1.0/leases");
      assertThat(leases.raw()).as("the image is leased while it is served").contains(fp);

      JsonNode endpoint = f.service.api().get("/1.0/cache/stats").metadata().path("mirror").path("endpoints").path("fixture");
      assertThat(endpoint.path("mode").asText()).as(endpoint.toString()).isEqualTo("pull-through");
      assertThat(endpoint.path("pull_throughs").asLong()).as(endpoint.toString()).isEqualTo(1);
      assertThat(endpoint.path("hits").asLong() + endpoint.path("misses").asLong()).as(endpoint.toString()).isEqualTo(16);
      assertThat(endpoint.path("misses").asLong()).as(endpoint.toString()).isPositive();
      assertThat(endpoint.path("requests").asLong()).as("16 files and the products file").isEqualTo(17);
      long served = 0;
      for (Item item : asked) {
        served += item.size();
      }
      assertThat(endpoint.path("bytes_served").asLong()).isEqualTo(served);
      assertThat(endpoint.path("bytes_fetched").asLong()).isEqualTo(items.get(0).size() + items.get(1).size());
      assertThat(f.service.logText()).containsOnlyOnce("pulled image " + fp.substring(0, 12) + " through");
      assertThat(f.service.api().metric("imagecache_mirror_pull_throughs_total{remote=\"fixture\"}")).isEqualTo(1.0);
    }
  }

  @Test
  void aFileOfAnImageNotHeldIsSentAsItArrives_itsFirstByteWithinASecondOfTheUpstreams_andWhole() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      Item rootfs = largest(items(mirror(f).get("streams/v1/imagecache:fixture.json")));
      f.server.throttle(64 * 1024); // the 256 KiB rootfs takes about 4 s to come in
      String upstreamName = upstreamPath(f, rootfs.sha256());

      try (Transfer t = Transfer.start(f, rootfs.path())) {
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.header("content-length")).isEqualTo(Long.toString(rootfs.size()));
        int first = t.body().read();
        java.time.Instant firstByte = java.time.Instant.now();
        assertThat(first).isNotNegative();
        java.time.Instant upstreamFirst = f.server.firstBytesSent(upstreamName).orElseThrow();
        assertThat(f.service.api().imageFingerprints()).as("the first byte came while the image was still downloading").isEmpty();
        assertThat(Duration.between(upstreamFirst, firstByte)).isLessThan(Duration.ofSeconds(1));

        byte[] rest = t.body().readAllBytes();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) first);
        sha.update(rest);
        assertThat(1 + rest.length).isEqualTo(rootfs.size());
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(rootfs.sha256());
      }
      assertThat(f.server.served(upstreamName)).isEqualTo(1);
      HttpApi api = f.service.api();
      Poll.until(() -> !api.imageFingerprints().isEmpty()); // the record follows the verified files
      assertThat(api.imageFingerprints()).containsExactly(f.fingerprints.get(V1));
    }
  }

  @Test
  void whenTheArrivingFileProvesWrong_theClientsConnectionIsCutBeforeItsLastByte_andNothingIsKept() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      Item rootfs = largest(items(mirror(f).get("streams/v1/imagecache:fixture.json")));
      String upstreamName = upstreamPath(f, rootfs.sha256());
      Path onUpstream = f.streamDir.resolve(upstreamName.substring(1));
      byte[] wrong = Files.readAllBytes(onUpstream);
      wrong[wrong.length / 2] ^= 0x5a; // the same size, another SHA-256
      Files.write(onUpstream, wrong);
      f.server.throttle(64 * 1024);

      long got = 0;
      java.io.IOException cut = null;
      try (Transfer t = Transfer.start(f, rootfs.path())) {
        assertThat(t.status()).isEqualTo(200);
        byte[] buf = new byte[8192];
        try {
          for (int n = t.body().read(buf); n >= 0; n = t.body().read(buf)) {
            got += n;
          }
        } catch (java.io.IOException e) {
          cut = e;
        }
      }
      assertThat(got).as("bytes before the cut").isPositive().isLessThan(rootfs.size());
      assertThat(cut).as("the body ends in an error, not a clean end").isNotNull();
      assertThat(f.service.api().imageFingerprints()).isEmpty();
      assertThat(f.service.logText()).contains("Failed verifying");
      try (java.util.stream.Stream<Path> left = Files.list(f.service.dataDir().resolve("images"))) {
        assertThat(left).as("nothing of the download is left").isEmpty();
      }
    }
  }

  @Test
  void documentsAnswerIfNoneMatchWith304_andFilesHonourRangeHeadAndTheirEtag() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      MirrorClient mirror = mirror(f);
      MirrorClient.Answer index = mirror.get("streams/v1/index.json");
      String etag = index.header("etag");
      assertThat(etag).matches("\"[0-9a-f]{64}\"");
      MirrorClient.Answer again = mirror.get("streams/v1/index.json", "If-None-Match", etag);
      assertThat(again.status()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(mirror.get("streams/v1/index.json", "If-None-Match", "\"other\"").status()).isEqualTo(200);
      MirrorClient.Answer products = mirror.get("streams/v1/imagecache:fixture.json");
      assertThat(mirror.get("streams/v1/imagecache:fixture.json", "If-None-Match", products.header("etag")).status()).isEqualTo(304);

      Item root = items(products).stream().filter(i -> i.key().equals("root.tar.xz")).findFirst().orElseThrow();
      MirrorClient.Answer head = mirror.send("HEAD", root.path());
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo(Long.toString(root.size()));
      assertThat(head.body()).isEmpty();
      assertThat(f.server.served("root.tar.xz")).as("a HEAD fetches nothing").isZero();

      byte[] whole = mirror.get(root.path()).body();
      MirrorClient.Answer first = mirror.get(root.path(), "Range", "bytes=0-9");
      assertThat(first.status()).isEqualTo(206);
      assertThat(first.header("content-range")).isEqualTo("bytes 0-9/" + root.size());
      assertThat(first.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 0, 10));
      MirrorClient.Answer last = mirror.get(root.path(), "Range", "bytes=-5");
      assertThat(last.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, whole.length - 5, whole.length));
      MirrorClient.Answer past = mirror.get(root.path(), "Range", "bytes=" + root.size() + "-");
      assertThat(past.status()).isEqualTo(416);
      assertThat(past.header("content-range")).isEqualTo("bytes */" + root.size());
      assertThat(mirror.get(root.path(), "If-None-Match", '"' + root.sha256() + '"').status()).isEqualTo(304);
      assertThat(f.server.served("root.tar.xz")).isEqualTo(1);
    }
  }

  @Test
  void whatTheMirrorDoesNotServeIs404_otherMethods405_andStepsOutOfThePath400() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      MirrorClient mirror = mirror(f);
      Item meta = items(mirror.get("streams/v1/imagecache:fixture.json")).get(0);
      MirrorClient other = new MirrorClient("https://127.0.0.1:" + f.service.mirrorPort() + "/", f.service.dataDir().resolve("tls/ca.crt"));

      MirrorClient.Answer unknown = other.get("nosuchremote/streams/v1/index.json");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.header("content-type")).startsWith("text/plain");
      assertThat(mirror.get("streams/v1/images.json").status()).isEqualTo(404);
      assertThat(mirror.get("files/" + "0".repeat(64) + "/lxd.tar.xz").status()).isEqualTo(404);
      assertThat(mirror.get("files/" + meta.sha256() + "/other-name").status()).isEqualTo(404);
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        MirrorClient.Answer refused = mirror.send(method, "streams/v1/index.json");
        assertThat(refused.status()).as(method).isEqualTo(405);
        assertThat(refused.header("allow")).isEqualTo("GET, HEAD");
      }
      String file = "/fixture/files/" + meta.sha256() + "/";
      for (String target : List.of("/fixture/../../etc/passwd", "/fixture/files/%2e%2e/%2e%2e/etc/passwd", "/fixture//streams/v1/index.json",
          file + "..%2f..%2f..%2fetc%2fpasswd", file + "%c0%ae%c0%ae", file + "%2e%2e", "/fixture\\..\\..\\etc\\passwd",
          "/fixture/files/" + meta.sha256() + "/%5c..%5c..%5cetc%5cpasswd", file + "lxd.tar.xz%00")) {
        assertThat(mirror.rawStatusLine(target)).as(target).startsWith("HTTP/1.1 400 ");
      }
      assertThat(f.server.served("lxd.tar.xz")).isZero();
      assertThat(f.service.api().get("/1.0").status()).isEqualTo(200);
    }
  }

  @Test
  void plainHttpOrGarbageOnTheTlsPortIsClosedWithoutAnErrorInTheLog() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      for (byte[] sent : List.of("GET /fixture/streams/v1/index.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
          HexFormat.of().parseHex("16030100ffffffff00000000deadbeef0000000000000000"))) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), f.service.mirrorPort())) {
          socket.setSoTimeout(15_000);
          OutputStream out = socket.getOutputStream();
          out.write(sent);
          out.flush();
          InputStream in = socket.getInputStream();
          byte[] answer = in.readAllBytes();
          assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200");
        }
      }
      assertThat(mirror(f).get("streams/v1/index.json").status()).isEqualTo(200);
      assertThat(f.service.logText()).doesNotContain(" ERROR ").doesNotContain("Exception");
    }
  }

  @Test
  void inCachedModeOnlyHeldImagesAreListedAndServed_andNothingIsFetchedForAMirrorClient() throws Exception {
    int port = ImageCacheProcess.freePort();
    try (Fixture f = Fixture.start(work, "mirror:\n  listen: 127.0.0.1:" + port + "\n  mode: cached\n", V1, V2)) {
      MirrorClient mirror = new MirrorClient("https://127.0.0.1:" + port + "/fixture/", f.service.dataDir().resolve("tls/ca.crt"));
      JsonNode before = HttpApi.JSON.readTree(mirror.get("streams/v1/index.json").body()).get("index").elements().next();
      assertThat(before.get("products")).isEmpty();

      HttpApi.Response launch = f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(launch.status()).as(launch.raw()).isEqualTo(200);
      f.server.clearLog();

      List<Item> listed = items(mirror.get("streams/v1/imagecache:fixture.json"));
      assertThat(listed).extracting(Item::version).containsOnly(V2);
      for (Item item : listed) {
        MirrorClient.Answer a = mirror.get(item.path());
        assertThat(a.status()).isEqualTo(200);
        assertThat(sha256(a.body())).isEqualTo(item.sha256());
      }
      assertThat(f.server.log()).as("the upstream's log while a cached mirror serves").noneMatch(a -> a.path().endsWith(".xz"));
    }
  }

  @Test
  void afterTheUpstreamFailsAFileOnlyHeldImagesAreListed_eachAnswers200_untilTheUpstreamAnswersAgain() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1, V2)) {
      MirrorClient mirror = mirror(f);
      HttpApi.Response launch = f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(launch.status()).as(launch.raw()).isEqualTo(200);
      List<Item> all = items(mirror.get("streams/v1/imagecache:fixture.json"));
      assertThat(all).extracting(Item::version).containsOnly(V1, V2);

      f.server.failWith(503, ".xz");
      Item notHeld = all.stream().filter(i -> i.version().equals(V1)).findFirst().orElseThrow();
      MirrorClient.Answer failed = mirror.get(notHeld.path());
      assertThat(failed.status()).as(failed.text()).isGreaterThanOrEqualTo(500);

      List<Item> listed = items(mirror.get("streams/v1/imagecache:fixture.json"));
      assertThat(listed).extracting(Item::version).as("only the held image is listed").containsOnly(V2);
      for (Item item : listed) {
        MirrorClient.Answer a = mirror.get(item.path());
        assertThat(a.status()).as(item.path()).isEqualTo(200);
        assertThat(sha256(a.body())).isEqualTo(item.sha256());
      }
      HttpApi.Response stats = f.service.api().get("/1.0/cache/stats");
      assertThat(stats.metadata().path("mirror").path("endpoints").path("fixture").path("mode").asText())
          .as(stats.raw()).startsWith("cached-only because the upstream failed at ");
      assertThat(f.service.logText()).containsOnlyOnce("pulling image " + f.fingerprints.get(V1).substring(0, 12) + " through failed");

      f.server.healthy();
      HttpApi.Response refresh = f.service.api().post("/1.0/remotes/fixture/refresh", "");
      assertThat(refresh.status()).as(refresh.raw()).isLessThan(300);
      assertThat(items(mirror.get("streams/v1/imagecache:fixture.json"))).extracting(Item::version)
          .as("the upstream answered again: everything is listed").containsOnly(V1, V2);
    }
  }

  @Test
  void anImageTheMirrorListedInTheLastTwoHoursIsKeptByPruneAsRecentlyListed_evenAcrossARestart_thenGoes() throws Exception {
    // the store is always over its high watermark: every cached image is due for disk_pressure once its grace ends
    try (Fixture f = Fixture.start(work, "cache:\n  high_watermark: 1KiB\n  low_watermark: 1KiB\n", V1)) {
      String fp = f.fingerprints.get(V1);
      HttpApi.Response launch = f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(launch.status()).as(launch.raw()).isEqualTo(200);
      Instant listed = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      assertThat(items(mirror(f).get("streams/v1/imagecache:fixture.json"))).extracting(Item::version).containsOnly(V1);
      Instant listedBy = Instant.now();
      assertThat(f.service.stop()).isZero();

      // 90 minutes on: the launch lease and the fresh grace are over, LXD's cached products file still names it
      f.service.startAfter(Duration.ofMinutes(90));
      HttpApi api = f.service.api();
      Poll.until(() -> api.metric("imagecache_scheduled_prunes_total") >= 1);
      JsonNode run = api.post("/1.0/cache/prune", "{\"dry_run\": false, \"all\": true}").metadata();
      assertThat(run.path("plan")).as(run.toString()).isEmpty();
      assertThat(run.path("held")).hasSize(1);
      JsonNode held = run.path("held").get(0);
      assertThat(held.path("fingerprint").asText()).isEqualTo(fp);
      assertThat(held.path("kept").asText()).isEqualTo("recently_listed");
      assertThat(Instant.parse(held.path("until").asText())).as("two hours after the listing")
          .isBetween(listed.plus(Duration.ofHours(2)), listedBy.plus(Duration.ofHours(2)));
      assertThat(api.imageFingerprints()).containsExactly(fp);
      assertThat(f.service.dataDir().resolve("images/" + fp + ".rootfs")).exists();
      ImageCacheProcess.CliResult dry = f.service.cli("prune", "--all");
      assertThat(dry.exitCode()).as(dry.stderr()).isZero();
      assertThat(dry.stdout()).contains("Nothing to prune.").contains("recently_listed").contains(fp.substring(0, 12));
      assertThat(f.service.stop()).isZero();

      // two and a half hours on: the listing no longer protects it, and the start's prune takes it
      f.service.startAfter(Duration.ofMinutes(150));
      HttpApi later = f.service.api();
      Poll.until(() -> later.imageFingerprints().isEmpty());
      JsonNode events = later.get("/1.0/cache/events?kind=image-deleted&fingerprint=" + fp).metadata();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).path("reason").asText()).isEqualTo("disk_pressure");
    }
  }

  @Test
  void mirrorCaPrintsTheCaThatSignedTheServedCertificate() throws Exception {
    try (Fixture f = Fixture.start(work, "", V1)) {
      ImageCacheProcess.CliResult ca = Cli.run(Map.of(), List.of("mirror", "ca", "--config", f.service.configFile().toString()));
      assertThat(ca.exitCode()).as(ca.stderr()).isZero();
      Path printed = Files.writeString(work.resolve("printed-ca.crt"), ca.stdout());
      assertThat(ca.stdout()).startsWith("-----BEGIN CERTIFICATE-----").isEqualTo(Files.readString(f.service.dataDir().resolve("tls/ca.crt")));
      MirrorClient.Answer index = new MirrorClient("https://localhost:" + f.service.mirrorPort() + "/fixture/", printed).get("streams/v1/index.json");
      assertThat(index.status()).isEqualTo(200);
    }
  }

  @Test
  void anOperatorsCertificateWithAPkcs1RsaKeyIsServed_andABrokenOneStopsTheStartNamingTheFile() throws Exception {
    Path tls = Files.createDirectories(work.resolve("own-tls"));
    run(tls, "openssl", "genrsa", "-traditional", "-out", "key.pem", "2048");
    assertThat(Files.readString(tls.resolve("key.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    run(tls, "openssl", "req", "-x509", "-new", "-key", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1");
    int port = ImageCacheProcess.freePort();
    String yaml = "mirror:\n  listen: 127.0.0.1:" + port + "\n  tls:\n    cert: " + tls.resolve("cert.pem") + "\n    key: " + tls.resolve("key.pem") + "\n";
    try (Fixture f = Fixture.start(work, yaml, V1)) {
      MirrorClient.Answer index = new MirrorClient("https://127.0.0.1:" + port + "/fixture/", tls.resolve("cert.pem")).get("streams/v1/index.json");
      assertThat(index.status()).isEqualTo(200);
      assertThat(Files.exists(f.service.dataDir().resolve("tls/ca.crt"))).as("no private CA when the operator gives a certificate").isFalse();
      ImageCacheProcess.CliResult ca = Cli.run(Map.of(), List.of("mirror", "ca", "--config", f.service.configFile().toString()));
      assertThat(ca.exitCode()).isNotZero();
      assertThat(ca.stderr()).contains("mirror.tls.cert").contains("cert.pem");
    }

    Files.writeString(tls.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    ImageCacheProcess.CliResult start = Cli.run(Map.of(), List.of("serve", "--set", "data_dir=" + work.resolve("d2"),
        "--set", "listen=127.0.0.1:" + ImageCacheProcess.freePort(), "--set", "mirror.tls.cert=" + tls.resolve("broken.pem"),
        "--set", "mirror.tls.key=" + tls.resolve("key.pem")));
    assertThat(start.exitCode()).isEqualTo(1);
    assertThat(start.stderr().strip().lines()).hasSize(1);
    assertThat(start.stderr()).contains("broken.pem").contains("not a PEM certificate");
  }

  /** The listed file with the most bytes (an image's rootfs). */
  private static Item largest(List<Item> items) {
    return items.stream().max(java.util.Comparator.comparingLong(Item::size)).orElseThrow();
  }

  /** The path on the upstream of the stream file with this SHA-256 ({@code /images/...}). */
  private static String upstreamPath(Fixture f, String sha256) throws Exception {
    try (java.util.stream.Stream<Path> all = Files.walk(f.streamDir)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        if (sha256(Files.readAllBytes(p)).equals(sha256)) {
          return "/" + f.streamDir.relativize(p).toString().replace('\\', '/');
        }
      }
    }
    throw new AssertionError("no file of the stream has SHA-256 " + sha256);
  }

  /** A GET through the mirror whose body is read as it comes (java.net.http, trusting the private CA). */
  private record Transfer(java.net.http.HttpResponse<InputStream> response) implements AutoCloseable {
    static Transfer start(Fixture f, String path) throws Exception {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .sslContext(MirrorClient.trusting(f.service.dataDir().resolve("tls/ca.crt"))).build();
      java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("https://127.0.0.1:" + f.service.mirrorPort() + "/fixture/" + path)).timeout(java.time.Duration.ofSeconds(60)).build();
      return new Transfer(client.send(get, java.net.http.HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
      return response.statusCode();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse("");
    }

    InputStream body() {
      return response.body();
    }

    @Override
    public void close() throws java.io.IOException {
      response.body().close();
    }
  }

  private static MirrorClient mirror(Fixture f) throws Exception {
    return new MirrorClient("https://127.0.0.1:" + f.service.mirrorPort() + "/fixture/", f.service.dataDir().resolve("tls/ca.crt"));
  }

  private static List<Item> items(MirrorClient.Answer products) throws Exception {
    assertThat(products.status()).as(products.text()).isEqualTo(200);
    List<Item> items = new ArrayList<>();
    JsonNode all = HttpApi.JSON.readTree(products.body()).get("products");
    all.elements().forEachRemaining(product -> product.get("versions").fields().forEachRemaining(v ->
        v.getValue().get("items").fields().forEachRemaining(i -> items.add(new Item(v.getKey(), i.getKey(),
            i.getValue().get("path").asText(), i.getValue().get("sha256").asText(), i.getValue().get("size").asLong())))));
    return items;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }
}

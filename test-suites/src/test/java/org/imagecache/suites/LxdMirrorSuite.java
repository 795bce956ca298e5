package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.Lxd;
import org.imagecache.suites.harness.RealStreams;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.imagecache.suites.harness.TestCa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified LXD 5.0.2 as a client of the mirror: each upstream served over HTTPS by a throwaway CA that
 * the system trusts for the run, imagecache in front of it (the upstream's certificate pinned), and LXD
 * given both as simplestreams remotes. What LXD lists through the mirror must be exactly what it lists
 * from the upstream; a launch through the mirror fetches each file from the upstream once.
 */
class LxdMirrorSuite {
  /** Real fixtures, as remote name -> fixture file (an index, or a products file put behind one). */
  private static final Map<String, String> REAL = new LinkedHashMap<>();

  static {
    REAL.put("gsslxd", "go-simplestreams-testdata/schema/lxd/testdata/products.json");
    REAL.put("gsslxc", "go-simplestreams-testdata/schema/linuxcontainers/testdata/products.json");
    REAL.put("gssincus", "go-simplestreams-testdata/schema/incus/testdata/products.json");
    REAL.put("cloudimages", "mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json");
    REAL.put("chrincus", "kriszos-chr-incus/streams/v1/index.json");
  }

  @TempDir Path work;

  @BeforeEach
  void lxdRunsHere() {
    Lxd.assumeAvailable();
  }

  @Test
  void lxdListsThroughTheMirrorExactlyWhatItListsFromTheUpstream_forAGeneratedStreamAndTheRealFixtures() throws Exception {
    Map<String, Path> trees = new LinkedHashMap<>();
    Path generated = work.resolve("up-generated");
    Streams.make(generated, List.of("amd64", "arm64"), "64KiB", "20261101_0000", "20261115_0000");
    trees.put("generated", generated);
    for (Map.Entry<String, String> real : REAL.entrySet()) {
      trees.put(real.getKey(), RealStreams.remoteTree(real.getValue(), work.resolve("up-" + real.getKey())));
    }
    List<StreamServer> upstreams = new ArrayList<>();
    try (TestCa ca = TestCa.create(work.resolve("ca"))) {
      StringBuilder remotes = new StringBuilder("remotes:\n");
      Map<String, String> upstreamUrls = new LinkedHashMap<>();
      for (Map.Entry<String, Path> tree : trees.entrySet()) {
        StreamServer up = StreamServer.serveTls(tree.getValue(), ca.serverContext());
        upstreams.add(up);
        upstreamUrls.put(tree.getKey(), up.url());
        remotes.append("  ").append(tree.getKey()).append(":\n    url: ").append(up.url()).append("\n    certificate: ")
            .append(ca.serverPin()).append("\n");
      }
      try (ImageCacheProcess service = ImageCacheProcess.create(work, remotes.toString()).start()) {
        ca.trustSystemWide(ca.caCertificate());
        ca.trustSystemWide(service.dataDir().resolve("tls/ca.crt"));
        try (Lxd lxd = Lxd.start(work)) {
          for (Map.Entry<String, String> up : upstreamUrls.entrySet()) {
            lxd.addSimplestreamsRemote("up-" + up.getKey(), up.getValue());
            lxd.addSimplestreamsRemote("mirror-" + up.getKey(), "https://127.0.0.1:" + service.mirrorPort() + "/" + up.getKey());
          }
          for (String name : upstreamUrls.keySet()) {
            JsonNode direct = listing(lxd, "up-" + name);
            JsonNode mirrored = listing(lxd, "mirror-" + name);
            assertThat(mirrored).as("lxc image list through the mirror, for %s", name).isEqualTo(direct);
            if (name.equals("generated") || name.equals("cloudimages")) {
              assertThat(direct.size()).as("images LXD lists for %s", name).isGreaterThan(1);
            }
          }
        }
      }
    } finally {
      upstreams.forEach(StreamServer::close);
    }
  }

  @Test
  void lxcInitThroughTheMirrorFetchesEachFileOnceFromTheUpstream_andWithTheUpstreamGoneListsOnlyWhatIsHeldAndStillWorks() throws Exception {
    Path tree = work.resolve("up");
    Map<String, String> fingerprints = Streams.make(tree, "amd64", "256KiB", "20261025_0000", "20261101_0000");
    try (TestCa ca = TestCa.create(work.resolve("ca"))) {
      StreamServer up = StreamServer.serveTls(tree, ca.serverContext());
      try (ImageCacheProcess service = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + up.url() + "\n    certificate: "
          + ca.serverPin() + "\n").start()) {
        ca.trustSystemWide(service.dataDir().resolve("tls/ca.crt"));
        try (Lxd lxd = Lxd.start(work)) {
          lxd.addSimplestreamsRemote("mirror", "https://127.0.0.1:" + service.mirrorPort() + "/fixture");

          lxd.must("lxc", "init", "mirror:testos/1", "c1");
          assertThat(up.served("lxd.tar.xz")).isEqualTo(1);
          assertThat(up.served("root.tar.xz")).isEqualTo(1);
          String fp = fingerprints.get("20261101_0000");
          assertThat(lxd.must("lxc", "image", "list", "--format", "csv", "-c", "F")).contains(fp);
          assertThat(service.api().get("/1.0/images/" + fp).status()).as("the image is held by imagecache").isEqualTo(200);

          up.close();
          // the mirror learns the upstream is gone at its next fetch, and then lists only what it holds
          assertThat(service.api().post("/1.0/remotes/fixture/refresh", "").status()).isGreaterThanOrEqualTo(500);
          lxd.clearSimplestreamsCaches();
          String listed = lxd.must("lxc", "image", "list", "mirror:", "--format", "csv", "-c", "F");
          assertThat(listed).contains(fp.substring(0, 12)).doesNotContain(fingerprints.get("20261025_0000").substring(0, 12));
          lxd.must("lxc", "delete", "c1");
          lxd.must("lxc", "image", "delete", fp);
          lxd.must("lxc", "init", "mirror:testos/1", "c2");
          assertThat(lxd.must("lxc", "image", "list", "--format", "csv", "-c", "F")).contains(fp);
        }
      } finally {
        up.close();
      }
    }
  }

  @Test
  void lxdThroughAHostMirrorThroughASiteMirror_lxcInitWorks_andTheUpstreamSendsEachFileOnce() throws Exception {
    Path tree = work.resolve("up");
    Map<String, String> fingerprints = Streams.make(tree, "amd64", "256KiB", "20261101_0000");
    String fp = fingerprints.get("20261101_0000");
    try (TestCa ca = TestCa.create(work.resolve("ca"));
        StreamServer up = StreamServer.serve(tree);
        ImageCacheProcess site = ImageCacheProcess.create(java.nio.file.Files.createDirectories(work.resolve("site")),
            "remotes:\n  fixture:\n    url: " + up.url() + "\n").start()) {
      String siteMirror = "https://127.0.0.1:" + site.mirrorPort() + "/fixture/ sha256:" + TestCa.pinOf(site.dataDir().resolve("tls/server.crt"));
      try (ImageCacheProcess host = ImageCacheProcess.create(java.nio.file.Files.createDirectories(work.resolve("host")),
          "remotes:\n  fixture:\n    url: " + up.url() + "\n    mirrors:\n      - " + siteMirror + "\n").start()) {
        ca.trustSystemWide(host.dataDir().resolve("tls/ca.crt"));
        try (Lxd lxd = Lxd.start(work)) {
          lxd.addSimplestreamsRemote("hostcache", "https://127.0.0.1:" + host.mirrorPort() + "/fixture");

          assertThat(lxd.must("lxc", "image", "list", "hostcache:", "--format", "csv", "-c", "F")).contains(fp);
          lxd.must("lxc", "init", "hostcache:testos/1", "c1");

          assertThat(lxd.must("lxc", "image", "list", "--format", "csv", "-c", "F")).contains(fp);
          assertThat(up.served("lxd.tar.xz")).as("the upstream, behind two caches").isEqualTo(1);
          assertThat(up.served("root.tar.xz")).isEqualTo(1);
          assertThat(site.api().get("/1.0/images/" + fp).status()).as("held by the site").isEqualTo(200);
          assertThat(host.api().get("/1.0/images/" + fp).status()).as("held by the host").isEqualTo(200);
          assertThat(host.api().get("/1.0/remotes/fixture").metadata().path("source_bytes").path("from_upstream").asLong())
              .as("the host fetched nothing from the upstream itself").isZero();
        }
      }
    }
  }

  /** {@code lxc image list REMOTE: --format json}, sorted by fingerprint. */
  private static JsonNode listing(Lxd lxd, String remote) throws Exception {
    JsonNode images = HttpApi.JSON.readTree(lxd.must("lxc", "image", "list", remote + ":", "--format", "json"));
    List<JsonNode> sorted = new ArrayList<>();
    images.forEach(sorted::add);
    sorted.sort(Comparator.comparing(i -> i.get("fingerprint").asText()));
    ArrayNode out = HttpApi.JSON.createArrayNode();
    sorted.forEach(out::add);
    return out;
  }
}

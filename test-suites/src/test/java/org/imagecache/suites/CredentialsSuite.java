package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.imagecache.suites.harness.DataDirState;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote URL with credentials ({@code http://user:pass@host/}): they reach the remote, as HTTP Basic
 * authentication to its own origin, and nothing else: not the API, the logs, a lookup's source, the
 * database or the catalog kept on disk.
 */
class CredentialsSuite {
  private static final String SECRET = "s3cr3t-Pa55";

  @TempDir Path work;

  @Test
  void credentialsInARemoteUrlAreUsedAndShownNowhere() throws Exception {
    Path stream = work.resolve("stream");
    Streams.make(stream, "amd64", "64KiB", "20261101_0000");
    try (StreamServer server = StreamServer.serve(stream)) {
      String url = server.url().replace("http://", "http://mirror-user:" + SECRET + "@") + "/";
      try (ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  private:\n    url: " + url + "\n")) {
        svc.start();
        HttpApi api = svc.api();
        HttpApi.Response lookup = api.post("/1.0/lookup", "{\"remote\":\"private\",\"alias\":\"testos/1\"}");
        assertThat(lookup.status()).as(lookup.raw()).isEqualTo(200);
        assertThat(lookup.metadata().path("source").path("server").asText()).isEqualTo(server.url() + "/");

        String expected = "Basic " + Base64.getEncoder().encodeToString(("mirror-user:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(server.log()).isNotEmpty().allSatisfy(a -> assertThat(a.authorization()).isEqualTo(expected));

        assertThat(api.get("/1.0/remotes?recursion=1").raw()).doesNotContain(SECRET).doesNotContain("mirror-user");
        assertThat(api.get("/1.0/images?recursion=1").raw()).doesNotContain(SECRET);
        assertThat(api.get("/1.0/cache/stats").raw()).doesNotContain(SECRET);
        assertThat(svc.cli("remotes", "list").stdout()).doesNotContain(SECRET);
        svc.stop();

        assertThat(svc.logText()).contains("private").doesNotContain(SECRET);
        assertThat(DataDirState.dump(svc.dataDir())).contains(server.url()).doesNotContain(SECRET);
        try (Stream<Path> files = Files.walk(svc.dataDir().resolve("catalogs"))) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(SECRET);
          }
        }
      }
    }
  }
}

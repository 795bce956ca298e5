package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.Poll;
import org.imagecache.suites.harness.PythonHttpServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote's catalog against real time and a real static server (Python's {@code http.server}: no
 * ETag, and 304 to {@code If-Modified-Since} for any file that is not newer): past
 * {@code catalog_ttl + catalog_stale_while_revalidate} the first lookup gets what the remote says now,
 * whether the alias moved forward, the stream was rolled back to older files, or it was rewritten
 * within the same second. Auto-update is off, so no cached image is preferred.
 */
class CatalogFreshnessSuite {
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261115_0000";
  private static final String LOOKUP = "{\"remote\":\"py\",\"alias\":\"testos/1\"}";

  @TempDir Path work;
  private PythonHttpServer server;
  private ImageCacheProcess service;

  @AfterEach
  void stop() throws Exception {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private HttpApi start(Path stream) throws Exception {
    server = PythonHttpServer.serve(stream, work.resolve("python-http.log"));
    service = ImageCacheProcess.create(work, "images:\n  auto_update_interval: 0\nremotes:\n  py:\n    url: " + server.url()
        + "\n    catalog_ttl: 1s\n    catalog_stale_while_revalidate: 1s\n");
    service.start();
    return service.api();
  }

  /** Waits until the catalog in use is older than catalog_ttl + catalog_stale_while_revalidate (2 s). */
  private static void waitPastBothWindows(HttpApi api) throws Exception {
    Poll.until(() -> api.get("/1.0/remotes/py").metadata().path("catalog_age").asLong() >= 3);
  }

  private static HttpApi.Response lookup(HttpApi api) throws Exception {
    HttpApi.Response r = api.post("/1.0/lookup", LOOKUP);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r;
  }

  @Test
  void aMovedAliasIsSeenByTheFirstLookupPastBothWindows() throws Exception {
    Path stream = work.resolve("stream");
    String fp1 = Streams.make(stream, "amd64", "64KiB", V1).get(V1);
    HttpApi api = start(stream);
    HttpApi.Response first = lookup(api);
    assertThat(first.metadata().path("fingerprint").asText()).isEqualTo(fp1);
    assertThat(first.metadata().path("catalog_stale").asBoolean()).isFalse();

    String fp2 = Streams.make(stream, "amd64", "64KiB", V1, V2).get(V2);
    waitPastBothWindows(api);
    HttpApi.Response moved = lookup(api);
    assertThat(moved.metadata().path("fingerprint").asText()).as("the first lookup past both windows").isEqualTo(fp2);
    assertThat(moved.metadata().path("catalog_stale").asBoolean()).isFalse();
    assertThat(moved.metadata().path("catalog_age").asLong()).isZero();
    assertThat(api.get("/1.0/remotes/py").metadata().path("catalog_stale").asBoolean()).isFalse();
  }

  @Test
  void aStreamRolledBackToOlderFilesIsSeen() throws Exception {
    Path stream = work.resolve("stream");
    String fp2 = Streams.make(stream, "amd64", "64KiB", V1, V2).get(V2);
    Path backup = work.resolve("backup");
    String fp1 = Streams.make(backup, "amd64", "64KiB", V1).get(V1);
    setMtimes(backup, Instant.now().minus(Duration.ofHours(1)));
    HttpApi api = start(stream);
    assertThat(lookup(api).metadata().path("fingerprint").asText()).isEqualTo(fp2);

    // restored from the backup as rsync -a would: the older files, with their older mtimes
    restore(backup, stream);
    waitPastBothWindows(api);
    HttpApi.Response rolledBack = lookup(api);
    assertThat(rolledBack.metadata().path("fingerprint").asText()).isEqualTo(fp1);
    assertThat(rolledBack.metadata().path("catalog_stale").asBoolean()).isFalse();
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("index.json"))
        .allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
  }

  @Test
  void twoVersionsWrittenWithinOneSecondAreTold() throws Exception {
    Path stream = work.resolve("stream");
    Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    String fp1 = Streams.make(stream, "amd64", "64KiB", V1).get(V1);
    setMtimes(stream, second.plusMillis(100));
    HttpApi api = start(stream);
    assertThat(lookup(api).metadata().path("fingerprint").asText()).isEqualTo(fp1);

    String fp2 = Streams.make(stream, "amd64", "64KiB", V1, V2).get(V2);
    setMtimes(stream, second.plusMillis(800));
    waitPastBothWindows(api);
    assertThat(lookup(api).metadata().path("fingerprint").asText()).isEqualTo(fp2);
  }

  private static void setMtimes(Path dir, Instant at) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(at));
      }
    }
  }

  /** Copies every file of the backup over the stream, keeping the backup's mtimes. */
  private static void restore(Path from, Path to) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Path target = to.resolve(from.relativize(f).toString());
      Files.createDirectories(target.getParent());
      Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}

package org.imagecache.suites;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import org.imagecache.suites.harness.Poll;
import org.imagecache.suites.harness.Fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, serve, stop on SIGTERM, start again on the same data directory. */
class LifecycleSuite {
  @TempDir Path work;

  @Test
  void startsServesAndStopsCleanlyOnSigterm() throws Exception {
    ImageCacheProcess svc = ImageCacheProcess.create(work, "").start();
    HttpApi.Response info = svc.api().get("/1.0");

    assertThat(info.status()).isEqualTo(200);
    assertThat(info.body().path("type").asText()).isEqualTo("sync");
    assertThat(info.metadata().path("api_version").asText()).isEqualTo("1.0");
    assertThat(info.metadata().path("environment").path("server").asText()).isEqualTo("imagecache");
    assertThat(svc.dataDir().resolve("images")).isDirectory();
    assertThat(svc.dataDir().resolve("catalogs")).isDirectory();
    assertThat(svc.dataDir().resolve("imagecache.db")).isRegularFile();
    assertThat(svc.stop()).isEqualTo(0);
    assertThat(svc.logText()).contains("stopped");
  }

  @Test
  void aStartServesAndStopsWithoutAWarningAndLogsTheConfigurationAsWritten() throws Exception {
    ImageCacheProcess svc = ImageCacheProcess.create(work, "").start();
    HttpApi api = svc.api();
    assertThat(api.get("/1.0").status()).isEqualTo(200);
    String metrics = api.get("/metrics").raw();
    assertThat(metrics).containsPattern("(?m)^imagecache_http_connections [1-9]");
    assertThat(svc.stop()).isZero();
    assertThat(svc.logText()).doesNotContain(" WARN ").doesNotContain(" ERROR ")
        .contains("cache.launch_lease=10m").contains("images.auto_update_interval=6").doesNotContain("Optional").doesNotContain("PT");
  }

  @Test
  void aSigtermDuringADownloadAnswersShuttingDownAndBlamesNoRemote() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      f.server.throttle(32 * 1024);
      HttpApi api = f.service.api();
      CompletableFuture<HttpApi.Response> lookup = CompletableFuture.supplyAsync(() -> {
        try {
          return api.post("/1.0/lookup", Fixture.lookup("testos/1"));
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      // the image itself is on its way (not only the catalog)
      Poll.until(() -> f.service.logText().contains("downloading image"));

      assertThat(f.service.stop()).isZero();
      HttpApi.Response answer = lookup.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.raw() + "\n" + f.service.logText()).isEqualTo(503);
      assertThat(answer.reason()).isEqualTo("shutting_down");
      assertThat(f.service.logText()).doesNotContain("unreachable").contains("stopped");
      assertThat(f.service.dataDir().resolve("images")).isEmptyDirectory();
    }
  }

  @Test
  void createsTheAdminTokenOwnerOnly() throws Exception {
    ImageCacheProcess svc = ImageCacheProcess.create(work, "").start();
    try (svc) {
      Path token = svc.dataDir().resolve("admin.token");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
      assertThat(svc.token()).matches("[0-9a-f]{64}");
    }
  }

  @Test
  void restartOnTheSameDataDirKeepsTokenSettingsAndSchema() throws Exception {
    ImageCacheProcess svc = ImageCacheProcess.create(work, "").start();
    String token = svc.token();
    String schema = svc.api().get("/1.0").metadata().path("environment").path("database_schema").asText();
    assertThat(schema).matches("[0-9]+");
    assertThat(svc.api().patch("/1.0", "{\"config\":{\"images.auto_update_interval\":\"12\"}}").status()).isEqualTo(200);
    assertThat(svc.stop()).isEqualTo(0);

    svc.start();
    try (svc) {
      assertThat(svc.token()).isEqualTo(token);
      HttpApi.Response info = svc.api().get("/1.0");
      assertThat(info.metadata().path("config").path("images.auto_update_interval").asText()).isEqualTo("12");
      assertThat(info.metadata().path("environment").path("database_schema").asText()).isEqualTo(schema);
    }
  }

  @Test
  void healthzAnswersWithoutAToken() throws Exception {
    try (ImageCacheProcess svc = ImageCacheProcess.create(work, "").start()) {
      HttpApi.Response health = new HttpApi(svc.baseUrl(), null).get("/healthz");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body().path("status").asText()).isEqualTo("ok");
    }
  }
}

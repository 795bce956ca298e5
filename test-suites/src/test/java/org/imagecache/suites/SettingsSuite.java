package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images.* keys change at runtime (API and CLI), are validated, and survive a restart. */
class SettingsSuite {
  @TempDir Path work;

  @Test
  void apiAndCliChangesSurviveARestart() throws Exception {
    ImageCacheProcess svc = ImageCacheProcess.create(work, "").start();
    assertThat(svc.api().patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"1\"}}").status()).isEqualTo(200);
    CliResult set = svc.cli("config", "set", "images.auto_update_cached", "false");
    assertThat(set.exitCode()).as(set.stderr()).isEqualTo(0);
    assertThat(set.stdout()).contains("images.auto_update_cached: false");
    assertThat(svc.stop()).isEqualTo(0);

    svc.start();
    try (svc) {
      HttpApi.Response info = svc.api().get("/1.0");
      assertThat(info.metadata().path("config").path("images.remote_cache_expiry").asText()).isEqualTo("1");
      assertThat(info.metadata().path("config").path("images.auto_update_cached").asText()).isEqualTo("false");
      CliResult get = svc.cli("config", "get", "images.remote_cache_expiry");
      assertThat(get.exitCode()).isEqualTo(0);
      assertThat(get.stdout().trim()).isEqualTo("1");
    }
  }

  @Test
  void invalidValuesAreRefusedAndChangeNothing() throws Exception {
    try (ImageCacheProcess svc = ImageCacheProcess.create(work, "").start()) {
      HttpApi api = svc.api();
      HttpApi.Response bad = api.patch("/1.0", "{\"config\":{\"images.auto_update_interval\":\"3\",\"images.remote_cache_expiry\":\"-5\"}}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.reason()).isEqualTo("invalid_config");
      assertThat(bad.body().path("error").asText()).contains("images.remote_cache_expiry");

      HttpApi.Response unknown = api.patch("/1.0", "{\"config\":{\"images.nope\":\"1\"}}");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body().path("error").asText()).contains("images.nope");

      HttpApi.Response info = api.get("/1.0");
      assertThat(info.metadata().path("config").path("images.auto_update_interval").asText()).isEqualTo("6");
      assertThat(info.metadata().path("config").path("images.remote_cache_expiry").asText()).isEqualTo("10");

      CliResult cli = svc.cli("config", "set", "images.auto_update_interval", "soon");
      assertThat(cli.exitCode()).isEqualTo(1);
      assertThat(cli.stderr()).contains("images.auto_update_interval").contains("not a whole number");
    }
  }

  @Test
  void unsettingReturnsToTheConfiguredValue() throws Exception {
    try (ImageCacheProcess svc = ImageCacheProcess.create(work, "images:\n  auto_update_interval: 3\n").start()) {
      HttpApi api = svc.api();
      assertThat(api.patch("/1.0", "{\"config\":{\"images.auto_update_interval\":\"9\"}}").status()).isEqualTo(200);
      assertThat(api.patch("/1.0", "{\"config\":{\"images.auto_update_interval\":\"\"}}").status()).isEqualTo(200);
      assertThat(api.get("/1.0").metadata().path("config").path("images.auto_update_interval").asText()).isEqualTo("3");
    }
  }
}

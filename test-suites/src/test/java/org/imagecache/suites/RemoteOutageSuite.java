package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the remote down, a cached alias still launches; an uncached one fails with 503 remote_unavailable. */
class RemoteOutageSuite {
  @TempDir Path work;

  @Test
  void cachedAliasesLaunchWhileTheRemoteIsDown() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      f.server.close();

      HttpApi.Response cached = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(cached.status()).as(cached.raw()).isEqualTo(200);
      assertThat(cached.metadata().path("present").asBoolean()).isTrue();

      HttpApi.Response uncached = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"architecture\":\"aarch64\"}");
      // the catalog in memory is fresh (catalog_ttl 1h) and has no aarch64 build: a 404, the remote not asked
      assertThat(uncached.status()).as(uncached.raw()).isEqualTo(404);
      assertThat(uncached.reason()).isEqualTo("image_not_found");
      HttpApi.Response refresh = api.post("/1.0/remotes/fixture/refresh", null);
      assertThat(refresh.status()).isEqualTo(503);
      assertThat(refresh.reason()).isEqualTo("remote_unavailable");
    }
  }

  @Test
  void anUnknownCatalogWithTheRemoteDownIs503() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      f.server.close();
      HttpApi.Response r = f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(r.status()).as(r.raw()).isEqualTo(503);
      assertThat(r.reason()).isEqualTo("remote_unavailable");
      assertThat(r.body().path("error").asText()).contains("fixture");
    }
  }

  @Test
  void aRestartWhileTheRemoteIsDownStillResolvesFromTheStoredCatalog() throws Exception {
    try (Fixture f = Fixture.start(work, "images:\n  auto_update_interval: 0\n", "20261101_0000")) {
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      assertThat(f.service.stop()).isZero();
      f.server.close();
      f.service.start();
      HttpApi.Response r = f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(f.fingerprints.get("20261101_0000"));
    }
  }
}

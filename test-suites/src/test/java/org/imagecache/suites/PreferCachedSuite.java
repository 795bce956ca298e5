package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LXD's image_prefer_cached scenario: once the remote moves the alias to a new image, launches keep
 * getting the cached one while auto-update is on, and the new one once images.auto_update_interval is 0.
 */
class PreferCachedSuite {
  @TempDir Path work;

  @Test
  void launchesPreferTheCachedImageUntilAutoUpdateIsTurnedOff() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("a"), "", "20261101_0000")) {
      HttpApi api = f.service.api();
      String old = f.fingerprints.get("20261101_0000");
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(old);

      String newer = Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000").get("20261115_0000");
      assertThat(newer).isNotEqualTo(old);
      assertThat(f.service.cli("remotes", "refresh", "fixture").exitCode()).isZero();
      f.server.clearLog();

      HttpApi.Response cached = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(cached.metadata().path("fingerprint").asText()).isEqualTo(old);
      assertThat(cached.metadata().path("present").asBoolean()).isTrue();
      assertThat(f.server.log()).isEmpty();

      assertThat(f.service.cli("config", "set", "images.auto_update_interval", "0").exitCode()).isZero();
      HttpApi.Response fresh = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(fresh.status()).as(fresh.raw()).isEqualTo(200);
      assertThat(fresh.metadata().path("fingerprint").asText()).isEqualTo(newer);
      assertThat(fresh.metadata().path("downloaded").asBoolean()).isTrue();
    }
  }

  @Test
  void withAutoUpdateOffAStaleCatalogIsRefreshedInTheBackground() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("b"), "images:\n  auto_update_interval: 0\n", "20261101_0000")) {
      HttpApi api = f.service.api();
      String old = f.fingerprints.get("20261101_0000");
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(old);
      String newer = Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000").get("20261115_0000");
      assertThat(api.patch("/1.0", "{\"config\":{}}").status()).isEqualTo(200);

      // catalog_ttl is 1h here, so only a refresh brings the new image: the old one answers until then
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(old);
      assertThat(api.post("/1.0/remotes/fixture/refresh", null).status()).isEqualTo(200);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      String got = old;
      while (!got.equals(newer) && Instant.now().isBefore(deadline)) {
        got = api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText();
      }
      assertThat(got).isEqualTo(newer);
    }
  }
}

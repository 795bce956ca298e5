package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100 concurrent launches of one uncached alias: all succeed with one fingerprint; each file is fetched once. */
class ConcurrentLaunchSuite {
  @TempDir Path work;

  @Test
  void aHundredConcurrentLookupsDownloadOnce() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      ExecutorService pool = Executors.newFixedThreadPool(100);
      try {
        List<Callable<HttpApi.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          calls.add(() -> api.post("/1.0/lookup", Fixture.lookup("testos/1")));
        }
        Set<String> fingerprints = new TreeSet<>();
        int ok = 0;
        for (Future<HttpApi.Response> r : pool.invokeAll(calls)) {
          HttpApi.Response resp = r.get();
          assertThat(resp.status()).as(resp.raw()).isEqualTo(200);
          fingerprints.add(resp.metadata().path("fingerprint").asText());
          ok++;
        }
        assertThat(ok).isEqualTo(100);
        assertThat(fingerprints).containsExactly(f.fingerprints.get("20261101_0000"));
        assertThat(f.server.served("lxd.tar.xz")).isEqualTo(1);
        assertThat(f.server.served("root.tar.xz")).isEqualTo(1);
        assertThat(f.server.served("index.json")).isEqualTo(1);
        assertThat(api.get("/1.0/images").metadata()).hasSize(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status at a glance: remotes in configuration order, a stored catalog after a restart, the store's watermark, counters' start. */
class StatusSuite {
  @TempDir Path work;

  private static CliResult ok(CliResult r) {
    assertThat(r.exitCode()).as("stderr: " + r.stderr()).isZero();
    return r;
  }

  private static List<String> column(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
  }

  @Test
  void remotesAreListedInConfigurationOrderAndAStoredCatalogShowsAfterARestart() throws Exception {
    String more = "  zeta:\n    url: http://127.0.0.1:9/zeta/\n  alpha:\n    url: http://127.0.0.1:9/alpha/\n";
    try (Fixture f = Fixture.start(work, more, "20261101_0000")) {
      HttpApi api = f.service.api();
      assertThat(column(api.get("/1.0/remotes?recursion=1").metadata(), "name"))
          .as("the built-in remotes, then the file's, as written").containsExactly("images", "demo", "fixture", "zeta", "alpha");
      String table = ok(f.service.cli("remotes", "list")).stdout();
      assertThat(table.lines().skip(1).map(l -> l.split(" +")[0]).toList()).containsExactly("images", "demo", "fixture", "zeta", "alpha");

      api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(f.service.stop()).isZero();
      f.service.start();

      JsonNode fixture = f.service.api().get("/1.0/remotes/fixture").metadata();
      assertThat(fixture.path("status").asText()).as("the stored catalog, young: not unknown, not stale").isEqualTo("ok");
      assertThat(fixture.path("catalog_stale").asBoolean()).isFalse();
      assertThat(fixture.path("images").asInt()).isPositive();
      assertThat(f.server.served("streams/v1/index.json")).as("looking at the status fetches nothing").isEqualTo(1);
      String after = ok(f.service.cli("remotes", "list")).stdout();
      assertThat(after.lines().filter(l -> l.startsWith("fixture")).findFirst().orElseThrow()).contains(" ok ").doesNotContain("unknown");
    }
  }

  @Test
  void statsFlagsAStoreAboveItsHighWatermarkAndSaysSinceWhenItCounts() throws Exception {
    try (Fixture f = Fixture.start(work, "cache:\n  high_watermark: 100KiB\n  low_watermark: 50KiB\n", "20261101_0000")) {
      ok(f.service.cli("pull", "fixture:testos/1"));
      JsonNode stats = f.service.api().get("/1.0/cache/stats").metadata();
      assertThat(stats.path("above_high_watermark").asBoolean()).isTrue();
      assertThat(stats.path("lookups").path("since").asText()).isNotEmpty();

      String out = ok(f.service.cli("stats")).stdout();
      assertThat(out).contains("high watermark 100.0KiB. ABOVE THE HIGH WATERMARK: the next prune deletes cached images down to 50.0KiB");
      assertThat(out).contains("Since the service started (" + stats.path("lookups").path("since").asText().replaceFirst("\\.\\d+Z$", "Z")
          + "; not kept across restarts):");
    }
  }
}

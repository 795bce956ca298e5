package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin CLI against a running service: pull, images, stats, prune, leases, events, formats and exit codes. */
class CliSuite {
  @TempDir Path work;

  private static CliResult ok(CliResult r) {
    assertThat(r.exitCode()).as("exit code; stderr: " + r.stderr() + "; stdout: " + r.stdout()).isZero();
    return r;
  }

  private static void show(String title, CliResult r) {
    System.out.println("=== " + title + "\n" + r.stdout());
  }

  @Test
  void theAdminCliListsPullsPrunesAndReports() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      ok(f.service.cli("lookup", "fixture:testos/1"));

      CliResult pull = ok(f.service.cli("pull", "fixture:testos/1", "--alias", "base"));
      show("imagecache pull fixture:testos/1 --alias base", pull);
      assertThat(pull.stdout()).contains("100%").contains("done").contains("Pulled " + fp);
      JsonNode apiImages = api.get("/1.0/images?recursion=1").metadata();
      assertThat(apiImages).hasSize(1);
      assertThat(apiImages.get(0).path("cached").asBoolean()).isFalse();
      assertThat(apiImages.get(0).path("aliases").findValuesAsText("name")).contains("base");

      JsonNode listed = HttpApi.JSON.readTree(ok(f.service.cli("images", "list", "--format", "json")).stdout());
      assertThat(listed).isEqualTo(apiImages);

      CliResult table = ok(f.service.cli("images", "list"));
      show("imagecache images list", table);
      String[] lines = table.stdout().strip().split("\n");
      assertThat(lines[0]).contains("FINGERPRINT", "ALIASES", "ARCH", "TYPE", "SIZE", "CACHED", "AUTO-UPDATE", "PINNED", "LAST USED", "USED BY");
      assertThat(lines).hasSize(1 + apiImages.size());
      assertThat(lines[1]).startsWith(fp.substring(0, 12) + " ").doesNotContain(fp.substring(0, 13)).contains("base");

      JsonNode stats = HttpApi.JSON.readTree(ok(f.service.cli("stats", "--format", "json")).stdout());
      assertThat(stats.path("images")).isEqualTo(api.get("/1.0/cache/stats").metadata().path("images"));
      CliResult statsTable = ok(f.service.cli("stats"));
      show("imagecache stats", statsTable);
      assertThat(statsTable.stdout()).contains("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE", "HIT RATE", "fixture");
      assertThat(statsTable.stdout()).containsPattern("(?m)^cached\\s").containsPattern("(?m)^explicit\\s").containsPattern("(?m)^all\\s");
      CliResult verbose = ok(f.service.cli("stats", "-v"));
      show("imagecache stats -v", verbose);
      assertThat(verbose.stdout()).contains(fp.substring(0, 12));

      CliResult prune = ok(f.service.cli("prune"));
      show("imagecache prune", prune);
      assertThat(prune.stdout()).contains("Would free");
      assertThat(api.get("/1.0/images?recursion=1").metadata()).isEqualTo(apiImages);

      assertThat(ok(f.service.cli("images", "pin", "base")).stdout()).contains("Pinned " + fp);
      CliResult info = ok(f.service.cli("images", "info", fp.substring(0, 12)));
      show("imagecache images info", info);
      assertThat(info.stdout()).contains("pinned: true").contains("fingerprint: " + fp);
      assertThat(HttpApi.JSON.readTree(ok(f.service.cli("images", "info", "base", "--format", "json")).stdout()).path("pinned").asBoolean()).isTrue();

      CliResult leases = ok(f.service.cli("leases", "list"));
      show("imagecache leases list", leases);
      assertThat(leases.stdout()).contains("ID", "PROJECT", "IMAGE", "HOLDER", "KIND", "EXPIRES").contains("launch").contains(fp.substring(0, 12));

      CliResult events = ok(f.service.cli("events", "--kind", "image-downloaded"));
      show("imagecache events --kind image-downloaded", events);
      assertThat(events.stdout()).contains("TIME", "KIND", "FINGERPRINT").contains("image-downloaded").contains(fp.substring(0, 12));

      String yaml = ok(f.service.cli("images", "list", "--format", "yaml")).stdout();
      assertThat(yaml.strip()).doesNotStartWith("[").doesNotStartWith("{");
      assertThat(yaml).contains("fingerprint:");

      CliResult badReason = f.service.cli("prune", "--reason", "bogus");
      assertThat(badReason.exitCode()).as(badReason.stderr()).isEqualTo(2);
      assertThat(badReason.stderr()).contains("bogus");

      f.service.stop();
      CliResult stopped = f.service.cli("stats");
      assertThat(stopped.exitCode()).isEqualTo(1);
      assertThat(stopped.stderr()).contains("not running");
    }
  }
}

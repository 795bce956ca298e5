package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import java.util.Map;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.imagecache.suites.harness.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an LXD user reaches for: aliases, properties, leases, config unset and what a settings change deletes, several at once. */
class CliCoverageSuite {
  private static final String CACHE = "cache:\n  fresh_grace: 0s\n  launch_lease: 1s\n";
  @TempDir Path work;

  private static CliResult ok(CliResult r) {
    assertThat(r.exitCode()).as("stderr: " + r.stderr() + "; stdout: " + r.stdout()).isZero();
    return r;
  }

  private static List<String> names(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
  }

  @Test
  void aliasesPropertiesAndLeasesFromTheCli() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      ok(f.service.cli("pull", "fixture:testos/1"));

      assertThat(ok(f.service.cli("images", "alias", "create", "web", fp.substring(0, 12), "--description", "the web tier")).stdout())
          .isEqualTo("Alias web -> " + fp + "\n");
      ok(f.service.cli("images", "alias", "create", "db", "web"));
      String list = ok(f.service.cli("images", "alias", "list")).stdout();
      assertThat(list.lines().skip(1).map(l -> l.split(" +")[0]).toList()).containsExactlyInAnyOrder("web", "db");
      assertThat(list).contains("the web tier");
      ok(f.service.cli("images", "alias", "rename", "db", "database"));
      ok(f.service.cli("images", "alias", "delete", "web"));
      assertThat(names(api.get("/1.0/images/aliases?recursion=1").metadata(), "name")).containsExactly("database");

      assertThat(ok(f.service.cli("images", "set-property", "database", "description", "Postgres base")).stdout())
          .isEqualTo("description: Postgres base\n");
      assertThat(api.get("/1.0/images/" + fp).metadata().path("properties").path("description").asText()).isEqualTo("Postgres base");
      CliResult edited = ok(Cli.runWithInput(Map.of(), List.of("images", "edit", "database", "--endpoint", f.service.baseUrl(),
          "--token-file", f.service.dataDir().resolve("admin.token").toString()),
          "pinned: true\nproperties:\n  description: Postgres base\n  os: testos\n"));
      assertThat(edited.stdout()).isEqualTo("Edited " + fp + "\n");
      JsonNode afterEdit = api.get("/1.0/images/" + fp).metadata();
      assertThat(afterEdit.path("pinned").asBoolean()).isTrue();
      assertThat(afterEdit.path("properties").size()).isEqualTo(2);
      CliResult badEdit = Cli.runWithInput(Map.of(), List.of("images", "edit", "database", "--endpoint", f.service.baseUrl(),
          "--token-file", f.service.dataDir().resolve("admin.token").toString()), "size: 1\n");
      assertThat(badEdit.exitCode()).isEqualTo(1);
      assertThat(badEdit.stderr()).isEqualTo("imagecache: 'size' cannot be edited (only auto_update, pinned, properties)\n");
      ok(f.service.cli("images", "unpin", "database"));

      String images = ok(f.service.cli("images", "list")).stdout();
      assertThat(images.lines().findFirst().orElseThrow()).contains("DESCRIPTION", "UPLOAD DATE");
      assertThat(images).contains("Postgres base");

      HttpApi.Response lease = api.post("/1.0/leases", "{\"fingerprint\":\"" + fp + "\",\"holder\":\"ci-job-7\"}");
      assertThat(lease.status()).as(lease.raw()).isEqualTo(201);
      String id = lease.metadata().path("id").asText();
      CliResult refused = f.service.cli("images", "delete", fp);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).contains(id).contains("ci-job-7").contains("imagecache leases delete ID");
      assertThat(ok(f.service.cli("leases", "delete", id)).stdout()).isEqualTo("Released lease " + id + "\n");
      assertThat(api.get("/1.0/leases").metadata()).isEmpty();
      ok(f.service.cli("images", "delete", fp));
      assertThat(api.imageFingerprints()).isEmpty();
    }
  }

  @Test
  void deleteTakesSeveralImagesAndListsCanSpanProjects() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000", "20261115_0000")) {
      HttpApi api = f.service.api();
      String a = f.fingerprints.get("20261101_0000");
      String b = f.fingerprints.get("20261115_0000");
      ok(f.service.cli("pull", "fixture:" + a.substring(0, 12)));
      ok(f.service.cli("pull", "fixture:" + b.substring(0, 12), "--project", "web"));

      String all = ok(f.service.cli("images", "list", "--all-projects")).stdout();
      assertThat(all.lines().findFirst().orElseThrow()).matches("FINGERPRINT +PROJECT +ALIASES +DESCRIPTION .*");
      assertThat(all).contains(a.substring(0, 12)).contains(b.substring(0, 12)).contains(" web ");
      assertThat(api.get("/1.0/images?all-projects=true&project=web").status()).isEqualTo(400);
      ok(f.service.cli("images", "alias", "create", "one", a.substring(0, 12)));
      ok(f.service.cli("images", "alias", "create", "two", b.substring(0, 12), "--project", "web"));
      String aliases = ok(f.service.cli("images", "alias", "list", "--all-projects")).stdout();
      assertThat(aliases.lines().skip(1).map(l -> l.split(" +")[0] + "@" + l.split(" +")[1]).toList())
          .containsExactly("one@default", "two@web");

      CliResult two = f.service.cli("images", "delete", a.substring(0, 12), "nosuch-alias");
      assertThat(two.exitCode()).as("one of the two was refused").isEqualTo(1);
      assertThat(two.stdout()).startsWith("Deleted " + a.substring(0, 12) + " (freed ");
      assertThat(two.stderr()).startsWith("imagecache: nosuch-alias: No alias nosuch-alias");
      ok(f.service.cli("images", "delete", b.substring(0, 12), "--project", "web"));
      assertThat(api.get("/1.0/images?recursion=1&all-projects=true").metadata()).isEmpty();
    }
  }

  @Test
  void configSetSaysWhatThePruneWillDeleteAndDryRunChangesNothing() throws Exception {
    try (Fixture f = Fixture.start(work, CACHE, "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(f.service.stop()).isZero();
      f.service.startAfter(Duration.ofDays(3));
      HttpApi after = f.service.api();

      CliResult dry = ok(f.service.cli("config", "set", "images.remote_cache_expiry", "2", "--dry-run"));
      assertThat(dry.stdout()).startsWith("images.remote_cache_expiry: 2 (dry run: not changed)\nWith this, the next prune would delete:\n");
      assertThat(dry.stdout()).contains(fp.substring(0, 12)).contains("expired");
      assertThat(after.get("/1.0").metadata().path("config").path("images.remote_cache_expiry").asText()).isEqualTo("10");
      assertThat(after.imageFingerprints()).containsExactly(fp);

      CliResult keeps = ok(f.service.cli("config", "set", "images.remote_cache_expiry", "5"));
      assertThat(keeps.stdout()).isEqualTo("images.remote_cache_expiry: 5\nThe next prune deletes nothing more.\n");

      CliResult set = ok(f.service.cli("config", "set", "images.remote_cache_expiry", "2"));
      assertThat(set.stdout()).startsWith("images.remote_cache_expiry: 2\nThe next prune (within a minute) deletes:\n").contains(fp.substring(0, 12));
      Poll.until(() -> after.imageFingerprints().isEmpty());

      assertThat(ok(f.service.cli("config", "unset", "images.remote_cache_expiry")).stdout())
          .isEqualTo("images.remote_cache_expiry: 10\nThe next prune deletes nothing more.\n");
      assertThat(ok(f.service.cli("config", "get", "--format", "json")).stdout()).contains("\"images.remote_cache_expiry\"").contains("\"10\"");
      assertThat(ok(f.service.cli("config", "get", "images.remote_cache_expiry", "--format", "yaml")).stdout())
          .isEqualTo("---\nimages.remote_cache_expiry: \"10\"\n");
    }
  }
}

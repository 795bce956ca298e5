package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.imagecache.suites.harness.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an LXD user types at the CLI (issue 15): a fingerprint prefix after {@code REMOTE:}, leases named
 * by fingerprint, the endpoint from the environment, event filters that name the known kinds, a pull's
 * progress and its Ctrl-C, operations.
 */
class OperatorCliSuite {
  @TempDir Path work;

  @Test
  void remoteColonPrefixIsAFingerprintAndLeasesNameTheirImage() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      CliResult byPrefix = f.service.cli("lookup", "fixture:" + fp.substring(0, 12));
      assertThat(byPrefix.exitCode()).as(byPrefix.stderr()).isZero();
      assertThat(byPrefix.stdout()).contains("fingerprint: " + fp);

      CliResult asAlias = f.service.cli("lookup", "--alias", "fixture:" + fp.substring(0, 12));
      assertThat(asAlias.exitCode()).isEqualTo(1);
      assertThat(asAlias.stderr()).contains("image_not_found");

      JsonNode leases = HttpApi.JSON.readTree(f.service.cli("leases", "list", "--format", "json").stdout());
      assertThat(leases).isNotEmpty().allSatisfy(l -> {
        assertThat(l.path("fingerprint").asText()).isEqualTo(fp);
        assertThat(l.has("image_id")).isFalse();
      });
      assertThat(f.service.cli("leases", "list").stdout()).contains(fp.substring(0, 12));
    }
  }

  @Test
  void theEndpointComesFromTheEnvironmentAndAFlagWins() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String token = f.service.token();
      CliResult fromEnv = Cli.run(Map.of("IMAGECACHE_ENDPOINT", f.service.baseUrl(), "IMAGECACHE_TOKEN", token),
          List.of("remotes", "list"));
      assertThat(fromEnv.exitCode()).as(fromEnv.stderr()).isZero();
      assertThat(fromEnv.stdout()).contains("fixture");

      CliResult flagWins = Cli.run(Map.of("IMAGECACHE_ENDPOINT", "http://127.0.0.1:9", "IMAGECACHE_TOKEN", token),
          List.of("remotes", "list", "--endpoint", f.service.baseUrl()));
      assertThat(flagWins.exitCode()).as(flagWins.stderr()).isZero();

      CliResult bad = Cli.run(Map.of("IMAGECACHE_ENDPOINT", "not a url", "IMAGECACHE_TOKEN", token), List.of("remotes", "list"));
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.stderr()).contains("IMAGECACHE_ENDPOINT");
    }
  }

  /** The operation described as {@code what...}, once it has moved bytes. */
  private static JsonNode operationWithBytes(HttpApi api, String what) throws Exception {
    JsonNode[] found = new JsonNode[1];
    Poll.until(() -> {
      for (JsonNode op : api.get("/1.0/operations?recursion=1").metadata()) {
        if (op.path("description").asText().startsWith(what) && op.path("metadata").path("progress").path("bytes").asLong() > 0) {
          found[0] = op;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  @Test
  void pullShowsTheDownloadsProgressOneLineEveryFewSeconds() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      f.server.throttle(32 * 1024);
      long started = System.nanoTime();
      Cli.Running pull = f.service.cliStart("pull", "fixture:testos/1");

      JsonNode op = operationWithBytes(f.service.api(), "Pulling image");
      JsonNode progress = op.path("metadata").path("progress");
      long size = f.service.api().get("/1.0/remotes/fixture/images?recursion=1").metadata().get(0).path("size").asLong();
      assertThat(progress.path("total").asLong()).as(op.toString()).isEqualTo(size);
      assertThat(progress.path("speed").asLong()).as(op.toString()).isPositive();
      assertThat(progress.path("eta").isNumber()).as(op.toString()).isTrue();

      CliResult done = pull.await();
      long seconds = (System.nanoTime() - started) / 1_000_000_000L;
      assertThat(done.exitCode()).as(done.stderr()).isZero();
      assertThat(done.stdout()).contains("Pulled " + fp);
      List<String> lines = done.stdout().lines().filter(l -> l.contains("%")).toList();
      assertThat(lines).as(done.stdout()).anySatisfy(l -> assertThat(l).matches(" *([1-9]|[1-9][0-9])%  \\S+/261\\.0KiB .*"));
      assertThat(lines.get(lines.size() - 1)).as(done.stdout()).startsWith("100%  261.0KiB").endsWith("done");
      assertThat(lines.size()).as("one line every 5 s over %d s, and the last: %s", seconds, lines).isLessThanOrEqualTo((int) (seconds / 5) + 2);
    }
  }

  @Test
  void ctrlCLeavesThePullRunningUnlessAskedToCancelIt() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000", "20261115_0000")) {
      String first = f.fingerprints.get("20261101_0000");
      String second = f.fingerprints.get("20261115_0000");
      f.server.throttle(32 * 1024);
      HttpApi api = f.service.api();

      Cli.Running left = f.service.cliStart("pull", "fixture:" + first);
      operationWithBytes(api, "Pulling image");
      left.interrupt();
      CliResult leftResult = left.await();
      assertThat(leftResult.exitCode()).as(leftResult.stderr()).isEqualTo(130);
      assertThat(leftResult.stderr()).contains("the pull goes on in the service").contains("imagecache operations cancel");
      Poll.until(() -> api.imageFingerprints().contains(first));

      Cli.Running cancelled = f.service.cliStart("pull", "--cancel-on-interrupt", "fixture:" + second);
      operationWithBytes(api, "Pulling image fixture:" + second);
      cancelled.interrupt();
      CliResult cancelledResult = cancelled.await();
      assertThat(cancelledResult.exitCode()).as(cancelledResult.stderr()).isEqualTo(130);
      assertThat(cancelledResult.stderr()).contains("the pull was cancelled").contains("Cancelled");
      JsonNode ops = api.get("/1.0/operations?recursion=1").metadata();
      assertThat(ops).filteredOn(o -> o.path("description").asText().startsWith("Downloading image " + second))
          .singleElement().satisfies(o -> assertThat(o.path("status").asText()).isEqualTo("Cancelled"));
      assertThat(api.imageFingerprints()).doesNotContain(second);
      try (var files = java.nio.file.Files.list(f.service.dataDir().resolve("images"))) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(second));
      }
    }
  }

  @Test
  void operationsListShowAndCancel() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      f.server.throttle(16 * 1024);
      HttpApi.Response accepted = f.service.api().post("/1.0/images", "{\"source\":{\"remote\":\"fixture\",\"alias\":\"testos/1\"}}");
      String id = accepted.body().path("operation").asText().replace("/1.0/operations/", "");
      operationWithBytes(f.service.api(), "Pulling image");

      CliResult list = f.service.cli("operations", "list");
      assertThat(list.exitCode()).as(list.stderr()).isZero();
      assertThat(list.stdout()).contains(id).contains("Pulling image fixture:testos/1").contains("Running").contains("/261.0KiB");
      CliResult show = f.service.cli("operations", "show", id);
      assertThat(show.exitCode()).as(show.stderr()).isZero();
      assertThat(show.stdout()).contains(id).contains("Pulling image");

      CliResult cancel = f.service.cli("operations", "cancel", id);
      assertThat(cancel.exitCode()).as(cancel.stderr()).isZero();
      assertThat(cancel.stdout()).isEqualTo("operation " + id + ": Cancelled\n");
      assertThat(f.service.api().imageFingerprints()).isEmpty();

      CliResult unknown = f.service.cli("operations", "show", "nosuch");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.stderr()).contains("(operation_not_found)");
    }
  }

  @Test
  void pruneSaysWhatItHoldsBackAndWhy() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String old = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      String newer = org.imagecache.suites.harness.Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000")
          .get("20261115_0000");
      assertThat(api.post("/1.0/images/" + old + "/refresh", null).metadata().path("fingerprint").asText()).isEqualTo(newer);

      CliResult held = f.service.cli("prune", "--reason", "superseded");
      assertThat(held.exitCode()).as(held.stderr()).isZero();
      assertThat(held.stdout()).as(held.stdout()).contains("Nothing to prune.").contains("Held back:")
          .containsPattern(old.substring(0, 12) + " +default +\\S+ +superseded +leased +20\\d\\d-");

      JsonNode json = HttpApi.JSON.readTree(f.service.cli("prune", "--reason", "superseded", "--format", "json").stdout());
      assertThat(json.path("held")).singleElement().satisfies(h -> {
        assertThat(h.path("fingerprint").asText()).isEqualTo(old);
        assertThat(h.path("reason").asText()).isEqualTo("superseded");
        assertThat(h.path("kept").asText()).isEqualTo("leased");
        assertThat(h.path("until").isTextual()).isTrue();
      });

      CliResult every = f.service.cli("prune", "--all");
      assertThat(every.exitCode()).as(every.stderr()).isZero();
      assertThat(every.stdout()).contains("Kept:").contains(old.substring(0, 12)).contains(newer.substring(0, 12));
    }
  }

  @Test
  void anUnknownEventKindIsAUsageErrorNamingTheKnownOnes() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      CliResult typo = f.service.cli("events", "--kind", "image-downlaoded");
      assertThat(typo.exitCode()).isEqualTo(2);
      assertThat(typo.stderr()).contains("image-downlaoded").contains("image-downloaded").contains("image-damaged");
      HttpApi.Response api = f.service.api().get("/1.0/cache/events?kind=nosuch");
      assertThat(api.status()).isEqualTo(400);
      assertThat(api.reason()).isEqualTo("invalid_kind");
      assertThat(f.service.cli("events", "--kind", "image-downloaded").exitCode()).isZero();
    }
  }
}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an LXD user types at the CLI (issue 15, items 2-4 and 9 so far): a fingerprint prefix after
 * {@code REMOTE:}, leases named by fingerprint, the endpoint from the environment, event filters that
 * name the known kinds.
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

package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors that say what would have worked: the other architecture, the fingerprint's length, the token's source. */
class ErrorHintsSuite {
  @TempDir Path work;

  @Test
  void aLookupForAnArchitectureTheAliasLacksNamesTheOnesItHas() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi.Response r = f.service.api().post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"architecture\":\"ppc64le\"}");
      assertThat(r.status()).as(r.raw()).isEqualTo(404);
      assertThat(r.error()).isEqualTo("No image fixture:testos/1 for ppc64le container; it exists for x86_64");

      CliResult cli = f.service.cli("lookup", "fixture:testos/1", "--arch", "ppc64le");
      assertThat(cli.exitCode()).isEqualTo(1);
      assertThat(cli.stderr()).isEqualTo("imagecache: No image fixture:testos/1 for ppc64le container; it exists for x86_64 (image_not_found)\n");
    }
  }

  @Test
  void aShortFingerprintSaysHowManyCharactersItNeeds() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      CliResult r = f.service.cli("images", "pin", "1492");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).isEqualTo("imagecache: No alias 1492 in project default, and a fingerprint needs at least 12 hex characters"
          + " ('1492' has 4; `images list` shows 12) (alias_not_found)\n");

      HttpApi.Response api = f.service.api().patch("/1.0/images/1492", "{\"pinned\":true}");
      assertThat(api.status()).isEqualTo(400);
      assertThat(api.error()).isEqualTo("Fingerprint must be 12 to 64 lowercase hex characters: '1492' has 4 (give at least the 12 that `images list` shows)");
    }
  }

  @Test
  void aRefusedTokenSaysWhereItCameFrom() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      CliResult byEnv = Cli.run(ImageCacheProcess.env("IMAGECACHE_ENDPOINT", f.service.baseUrl(), "IMAGECACHE_TOKEN", "wrong"),
          List.of("images", "list"));
      assertThat(byEnv.exitCode()).isEqualTo(1);
      assertThat(byEnv.stderr()).endsWith("(unauthorized); the token came from $IMAGECACHE_TOKEN\n");

      Path file = Files.writeString(work.resolve("old.token"), "stale\n");
      CliResult byFile = Cli.run(ImageCacheProcess.env("IMAGECACHE_ENDPOINT", f.service.baseUrl()),
          List.of("images", "list", "--token-file", file.toString()));
      assertThat(byFile.stderr()).endsWith("(unauthorized); the token came from --token-file " + file + "\n");
    }
  }
}

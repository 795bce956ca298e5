package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.Poll;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LXD's image_auto_update and image_refresh scenarios, a no-op refresh, a refresh while the old image
 * is leased, and the cached flag and last use carried over. Launch leases are 1 s and the fresh grace 0
 * here so that the old revision (downloaded moments before) can go as soon as nothing holds it.
 */
class AutoUpdateSuite {
  /** Launch leases of a second, and an auto-update round every second: the suite waits on their effects. */
  private static final String SHORT_LEASES = "cache:\n  launch_lease: 1s\n  fresh_grace: 0s\n  auto_update_tick: 1s\n";
  @TempDir Path work;

  @Test
  void aRoundAtStartMovesTheAliasToTheNewImageAndRemovesTheOld() throws Exception {
    try (Fixture f = Fixture.start(work, SHORT_LEASES, "20261101_0000")) {
      String old = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(old);
      assertThat(api.post("/1.0/images/aliases", "{\"name\":\"web\",\"target\":\"" + old + "\"}").status()).isEqualTo(201);
      String newer = Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000").get("20261115_0000");
      assertThat(f.service.stop()).isZero();

      f.service.startAfter(Duration.ofHours(7)); // past the next update: 6 h and at most 10 % of jitter
      HttpApi after = f.service.api();
      Path oldFile = f.service.dataDir().resolve("images/" + old);
      Poll.until(() -> after.imageFingerprints().contains(newer) && !after.imageFingerprints().contains(old) && !java.nio.file.Files.exists(oldFile));

      JsonNode image = after.get("/1.0/images/" + newer).metadata();
      assertThat(image.path("update_source").path("alias").asText()).isEqualTo("testos/1");
      assertThat(image.path("aliases").findValuesAsText("name")).containsExactly("web");
      assertThat(image.path("cached").asBoolean()).isTrue();
      assertThat(after.get("/1.0/images/aliases/web").metadata().path("target").asText()).isEqualTo(newer);
      assertThat(after.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(newer);
    }
  }

  @Test
  void aManualRefreshTakesTheNewImageAndANoOpRefreshChangesNothing() throws Exception {
    try (Fixture f = Fixture.start(work, SHORT_LEASES, "20261101_0000")) {
      String old = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      List<String> before = withoutSchedule(api);

      var noop = f.service.cli("images", "refresh", old);
      assertThat(noop.exitCode()).as(noop.stderr()).isZero();
      assertThat(noop.stdout()).contains("already current: " + old);
      assertThat(withoutSchedule(api)).as("only next_update_at moves").isEqualTo(before);

      String newer = Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000").get("20261115_0000");
      HttpApi.Response r = api.post("/1.0/images/" + old + "/refresh", null);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.metadata().path("refreshed").asBoolean()).isTrue();
      assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(newer);
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(newer);

      // the next rounds after the launch lease ends remove the superseded revision
      Poll.until(() -> !api.imageFingerprints().contains(old));
    }
  }

  @Test
  void theOldImageStaysWhileLeasedThenGoes() throws Exception {
    try (Fixture f = Fixture.start(work, SHORT_LEASES, "20261101_0000")) {
      String old = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      JsonNode held = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"instance\":\"web1\"}").metadata();
      String instanceLease = held.path("instance_lease").path("id").asText();
      String newer = Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000").get("20261115_0000");

      assertThat(api.post("/1.0/images/" + old + "/refresh", null).metadata().path("fingerprint").asText()).isEqualTo(newer);
      Instant launchLeaseEnds = Instant.parse(held.path("lease").path("expires_at").asText());
      Poll.until(() -> Instant.now().isAfter(launchLeaseEnds));
      double rounds = rounds(api);
      Poll.until(() -> rounds(api) >= rounds + 2); // two whole rounds after the launch lease ended
      assertThat(api.imageFingerprints()).contains(old, newer);
      assertThat(f.service.dataDir().resolve("images/" + old)).exists();

      assertThat(api.delete("/1.0/leases/" + instanceLease).status()).isEqualTo(200);
      Path oldFile = f.service.dataDir().resolve("images/" + old);
      Poll.until(() -> !api.imageFingerprints().contains(old) && !java.nio.file.Files.exists(oldFile));
      assertThat(f.service.dataDir().resolve("images/" + newer)).exists();
    }
  }

  @Test
  void theCachedFlagAndLastUseCarryOver() throws Exception {
    try (Fixture f = Fixture.start(work, SHORT_LEASES, "20261101_0000")) {
      String old = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      Poll.until(() -> api.get("/1.0/images/" + old).metadata().path("last_used_at").isTextual()); // written behind
      String lastUse = api.get("/1.0/images/" + old).metadata().path("last_used_at").asText();
      String newer = Streams.make(f.streamDir, "amd64", "256KiB", "20261101_0000", "20261115_0000").get("20261115_0000");

      api.post("/1.0/images/" + old + "/refresh", null);

      JsonNode image = api.get("/1.0/images/" + newer).metadata();
      assertThat(image.path("cached").asBoolean()).isTrue();
      assertThat(Instant.parse(image.path("last_used_at").asText())).isEqualTo(Instant.parse(lastUse));
    }
  }

  @Test
  void refreshErrorsAreClear() throws Exception {
    try (Fixture f = Fixture.start(work, SHORT_LEASES, "20261101_0000")) {
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/images/0123456789abcdef/refresh", null).status()).isEqualTo(404);
      HttpApi.Response pulled = api.post("/1.0/images", "{\"source\":{\"remote\":\"fixture\",\"fingerprint\":\""
          + f.fingerprints.get("20261101_0000") + "\"}}");
      assertThat(pulled.status()).isEqualTo(202);
      api.get(pulled.body().path("operation").asText() + "/wait?timeout=30");
      HttpApi.Response noSource = api.post("/1.0/images/" + f.fingerprints.get("20261101_0000") + "/refresh", null);
      assertThat(noSource.status()).as(noSource.raw()).isEqualTo(400);
      assertThat(noSource.reason()).isEqualTo("no_source");
    }
  }

  /** Auto-update rounds the service has run, from its metrics. */
  private static double rounds(HttpApi api) throws Exception {
    return api.metric("imagecache_auto_update_rounds_total");
  }

  /** The image objects without the fields a no-op refresh may move (next update) or time may (leases). */
  private static List<String> withoutSchedule(HttpApi api) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode i : api.get("/1.0/images?recursion=1").metadata()) {
      var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) i).deepCopy();
      copy.remove(List.of("next_update_at", "leases", "used_by"));
      out.add(copy.toString());
    }
    return out;
  }



}

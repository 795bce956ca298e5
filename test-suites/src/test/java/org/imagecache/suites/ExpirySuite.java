package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LXD's image_expiry scenarios and the other prune reasons, against the packaged service: an expired
 * cached image goes at start, an explicitly pulled one never expires, files shared by two projects go
 * with the last record, disk pressure evicts the least recently used first, and leased, pinned and
 * fresh images survive. Fresh grace is 0 and launch leases 1 s so that images can go at once.
 */
class ExpirySuite {
  private static final String CACHE = "cache:\n  fresh_grace: 0s\n  launch_lease: 1s\n";
  private static final String V1 = "20261101_0000";
  private static final String V2 = "20261102_0000";
  private static final String V3 = "20261103_0000";
  @TempDir Path work;

  @Test
  void aCachedImageUnusedForLongerThanTheExpiryIsGoneAfterOneRun() throws Exception {
    try (Fixture f = Fixture.start(work, CACHE, V1)) {
      String fp = f.fingerprints.get(V1);
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText()).isEqualTo(fp);
      changeExpiryAndAwaitItsPrune(api);
      assertThat(api.imageFingerprints()).as("used just now: the prune after the settings change keeps it").containsExactly(fp);
      assertThat(f.service.stop()).isZero();

      f.service.startAfter(Duration.ofDays(2));
      HttpApi after = f.service.api();
      Path meta = f.service.dataDir().resolve("images/" + fp);
      Path rootfs = f.service.dataDir().resolve("images/" + fp + ".rootfs");
      Poll.until(() -> after.imageFingerprints().isEmpty() && !Files.exists(meta) && !Files.exists(rootfs));

      JsonNode events = after.get("/1.0/cache/events?kind=image-deleted&fingerprint=" + fp).metadata();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).path("reason").asText()).isEqualTo("expired");
      assertThat(events.get(0).path("bytes").asLong()).isPositive();
      assertThat(events.get(0).path("project").asText()).isEqualTo("default");
    }
  }

  @Test
  void anExplicitlyPulledImageNeverExpires() throws Exception {
    try (Fixture f = Fixture.start(work, CACHE, V1)) {
      String fp = f.fingerprints.get(V1);
      HttpApi api = f.service.api();
      HttpApi.Response pulled = api.post("/1.0/images", "{\"source\":{\"remote\":\"fixture\",\"alias\":\"testos/1\"}}");
      assertThat(pulled.status()).as(pulled.raw()).isEqualTo(202);
      HttpApi.Response done = api.get(pulled.body().path("operation").asText() + "/wait?timeout=30");
      assertThat(done.metadata().path("status").asText()).as(done.raw()).isEqualTo("Success");
      assertThat(api.get("/1.0/images/" + fp).metadata().path("cached").asBoolean()).isFalse();
      changeExpiryAndAwaitItsPrune(api);
      assertThat(f.service.stop()).isZero();

      f.service.startAfter(Duration.ofDays(30));
      HttpApi after = f.service.api();
      awaitStartPrune(after);
      JsonNode run = after.post("/1.0/cache/prune", "{\"dry_run\": false}").metadata();
      assertThat(run.path("plan")).isEmpty();
      assertThat(after.imageFingerprints()).containsExactly(fp);
      assertThat(f.service.dataDir().resolve("images/" + fp)).exists();
      assertThat(after.get("/1.0/cache/events?kind=image-deleted").metadata()).isEmpty();
    }
  }

  @Test
  void filesSharedByTwoProjectsGoWithTheLastRecord() throws Exception {
    try (Fixture f = Fixture.start(work, CACHE, V1)) {
      String fp = f.fingerprints.get(V1);
      HttpApi api = f.service.api();
      Instant leasesEnd = Instant.EPOCH;
      for (String project : List.of("a", "b")) {
        HttpApi.Response r = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"project\":\"" + project + "\"}");
        assertThat(r.metadata().path("fingerprint").asText()).as(r.raw()).isEqualTo(fp);
        leasesEnd = later(leasesEnd, r);
      }
      Path meta = f.service.dataDir().resolve("images/" + fp);
      Path rootfs = f.service.dataDir().resolve("images/" + fp + ".rootfs");
      awaitPast(leasesEnd); // a launch lease refuses the deletion

      HttpApi.Response first = api.delete("/1.0/images/" + fp + "?project=a");
      assertThat(first.status()).as(first.raw()).isEqualTo(200);
      assertThat(meta).exists();
      assertThat(rootfs).exists();
      assertThat(api.get("/1.0/images/" + fp + "?project=b").status()).isEqualTo(200);
      assertThat(api.get("/1.0/images/" + fp + "?project=a").status()).isEqualTo(404);

      HttpApi.Response last = api.delete("/1.0/images/" + fp + "?project=b");
      assertThat(last.status()).as(last.raw()).isEqualTo(200);
      assertThat(meta).doesNotExist();
      assertThat(rootfs).doesNotExist();

      List<Long> bytes = new ArrayList<>();
      for (JsonNode e : api.get("/1.0/cache/events?kind=image-deleted").metadata()) {
        bytes.add(e.path("bytes").asLong());
      }
      assertThat(bytes).as("newest first: b freed the files, a freed nothing").hasSize(2);
      assertThat(bytes.get(0)).isPositive();
      assertThat(bytes.get(1)).isZero();
    }
  }

  @Test
  void diskPressureEvictsTheLeastRecentlyUsedFirstUntilBelowTheLowWatermark() throws Exception {
    String watermarks = CACHE + "  high_watermark: 600KiB\n  low_watermark: 400KiB\n";
    try (Fixture f = Fixture.start(work, watermarks, V1, V2, V3)) {
      String fp1 = f.fingerprints.get(V1);
      String fp2 = f.fingerprints.get(V2);
      String fp3 = f.fingerprints.get(V3);
      HttpApi api = f.service.api();
      long size = 0;
      Instant leasesEnd = Instant.EPOCH;
      for (String fp : List.of(fp1, fp2, fp3, fp1)) {
        Instant asked = Instant.now();
        HttpApi.Response r = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + fp + "\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        size = r.metadata().path("size").asLong();
        leasesEnd = later(leasesEnd, r);
        awaitPast(asked.plusMillis(5)); // each use a distinct time: the least recently used order is the test
      }
      assertThat(size).isBetween(256L * 1024, 300L * 1024);
      awaitPast(leasesEnd); // a launch lease keeps an image from disk pressure
      assertThat(api.imageFingerprints()).containsExactlyInAnyOrder(fp1, fp2, fp3);
      JsonNode stats = api.get("/1.0/cache/stats").metadata();
      assertThat(stats.path("store_bytes").asLong()).isEqualTo(3 * size).isGreaterThan(stats.path("high_watermark_bytes").asLong());

      String before = api.imageFingerprints().toString();
      JsonNode dry = api.post("/1.0/cache/prune", "{\"reasons\": [\"disk_pressure\"]}").metadata();
      assertThat(dry.path("dry_run").asBoolean()).isTrue();
      assertThat(dry.path("plan").findValuesAsText("fingerprint")).containsExactly(fp2, fp3);
      assertThat(dry.path("plan").findValuesAsText("reason")).containsOnly("disk_pressure");
      assertThat(api.imageFingerprints().toString()).as("a dry run deletes nothing").isEqualTo(before);
      assertThat(f.service.dataDir().resolve("images/" + fp2)).exists();

      JsonNode run = api.post("/1.0/cache/prune", "{\"dry_run\": false, \"reasons\": [\"disk_pressure\"]}").metadata();
      assertThat(run.path("deleted").findValuesAsText("fingerprint")).containsExactly(fp2, fp3);
      assertThat(run.path("bytes_freed").asLong()).isEqualTo(2 * size);
      assertThat(api.imageFingerprints()).containsExactly(fp1);
      assertThat(f.service.dataDir().resolve("images/" + fp2)).doesNotExist();
      assertThat(f.service.dataDir().resolve("images/" + fp3 + ".rootfs")).doesNotExist();
      JsonNode after = api.get("/1.0/cache/stats").metadata();
      assertThat(after.path("store_bytes").asLong()).isEqualTo(size).isLessThan(after.path("low_watermark_bytes").asLong());
      List<String> reasons = api.get("/1.0/cache/events?kind=image-deleted").metadata().findValuesAsText("reason");
      assertThat(reasons).containsExactly("disk_pressure", "disk_pressure");
    }
  }

  @Test
  void leasedAndPinnedImagesSurviveEveryReason() throws Exception {
    String tiny = CACHE + "  high_watermark: 1KiB\n  low_watermark: 1KiB\n";
    try (Fixture f = Fixture.start(work, tiny, V1, V2, V3)) {
      String leased = f.fingerprints.get(V1);
      String pinned = f.fingerprints.get(V2);
      String plain = f.fingerprints.get(V3);
      HttpApi api = f.service.api();
      HttpApi.Response held = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + leased + "\",\"instance\":\"web1\"}");
      assertThat(held.metadata().path("instance_lease").path("id").asText()).as(held.raw()).isNotEmpty();
      assertThat(api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + pinned + "\"}").status()).isEqualTo(200);
      assertThat(api.patch("/1.0/images/" + pinned, "{\"pinned\": true}").status()).isEqualTo(200);
      assertThat(api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"fingerprint\":\"" + plain + "\"}").status()).isEqualTo(200);
      changeExpiryAndAwaitItsPrune(api);
      assertThat(f.service.stop()).isZero();

      f.service.startAfter(Duration.ofDays(2));
      HttpApi after = f.service.api();
      Poll.until(() -> !after.imageFingerprints().contains(plain));
      assertThat(after.imageFingerprints()).containsExactlyInAnyOrder(leased, pinned);

      JsonNode run = after.post("/1.0/cache/prune", "{\"dry_run\": false, \"reasons\": [\"expired\", \"disk_pressure\", \"superseded\"]}").metadata();
      assertThat(run.path("plan")).isEmpty();
      assertThat(after.imageFingerprints()).containsExactlyInAnyOrder(leased, pinned);
      assertThat(f.service.dataDir().resolve("images/" + leased)).exists();
      assertThat(f.service.dataDir().resolve("images/" + pinned + ".rootfs")).exists();
      assertThat(f.service.dataDir().resolve("images/" + plain)).doesNotExist();
      JsonNode stats = after.get("/1.0/cache/stats").metadata();
      assertThat(stats.path("pinned").asInt()).isEqualTo(1);
      assertThat(stats.path("leased").asInt()).isEqualTo(1);
    }
  }

  @Test
  void freshImagesSurviveEveryReason() throws Exception {
    String fresh = "cache:\n  fresh_grace: 3d\n  launch_lease: 1s\n  high_watermark: 1KiB\n  low_watermark: 1KiB\n";
    try (Fixture f = Fixture.start(work, fresh, V1)) {
      String fp = f.fingerprints.get(V1);
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      changeExpiryAndAwaitItsPrune(api);
      assertThat(f.service.stop()).isZero();

      f.service.startAfter(Duration.ofDays(2));
      HttpApi after = f.service.api();
      awaitStartPrune(after);
      JsonNode run = after.post("/1.0/cache/prune", "{\"dry_run\": false}").metadata();
      assertThat(run.path("plan")).isEmpty();
      assertThat(after.imageFingerprints()).containsExactly(fp);
      assertThat(f.service.dataDir().resolve("images/" + fp)).exists();
    }
  }

  private static final String PRUNES = "imagecache_scheduled_prunes_total";

  /** The prune at start has run (the service counts each scheduled prune as it ends). */
  private static void awaitStartPrune(HttpApi api) throws Exception {
    Poll.until(() -> api.metric(PRUNES) >= 1);
  }

  /** Sets images.remote_cache_expiry to 1 day and waits for the prune that the change starts. */
  private static void changeExpiryAndAwaitItsPrune(HttpApi api) throws Exception {
    awaitStartPrune(api); // else the start's prune could be the one counted, or refuse the change's as running
    double before = api.metric(PRUNES);
    assertThat(api.patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"1\"}}").status()).isEqualTo(200);
    Poll.until(() -> api.metric(PRUNES) >= before + 1);
  }

  /** The later of an instant and the end of the launch lease a lookup's answer holds. */
  private static Instant later(Instant current, HttpApi.Response lookup) {
    Instant ends = Instant.parse(lookup.metadata().path("lease").path("expires_at").asText());
    return ends.isAfter(current) ? ends : current;
  }

  /** Waits until the wall clock is past an instant (a lease's end: the service reads the same clock). */
  private static void awaitPast(Instant instant) throws Exception {
    Poll.until(() -> Instant.now().isAfter(instant));
  }
}

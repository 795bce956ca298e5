package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imagecache.image.Fingerprint;
import org.imagecache.testing.ApiCalls;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /1.0/cache/prune, /1.0/cache/stats and /1.0/cache/events over the real router. */
@ExtendWith(VertxExtension.class)
class CacheRoutesIT {
  @TempDir Path dir;
  LookupHarness h;
  ApiCalls api;
  Map<String, String> fps;
  String fp1;
  String fp2;
  String fp3;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    fps = h.publish(List.of(LookupHarness.V1, LookupHarness.V2, LookupHarness.V3));
    fp1 = fps.get(LookupHarness.V1);
    fp2 = fps.get(LookupHarness.V2);
    fp3 = fps.get(LookupHarness.V3);
    h.refreshCatalog();
    api = new ApiCalls(vertx, h.serveApi());
  }

  @AfterEach
  void stop() {
    api.close();
    h.close();
  }

  private JsonObject lookup(String project, String fp, String instance) {
    return api.ok(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"fingerprint\": \"" + fp + "\", \"project\": \"" + project + "\""
        + (instance == null ? "" : ", \"instance\": \"" + instance + "\"") + "}").getJsonObject("metadata");
  }

  /** fp1 and fp2 used in "default", then 11 days pass (past expiry, launch leases and fresh grace). */
  private long twoExpired() {
    long size = lookup("default", fp1, null).getLong("size");
    lookup("default", fp2, null);
    h.writeBehind.flush().await();
    h.clock.advance(Duration.ofDays(11));
    return size;
  }

  private JsonObject stats() {
    return api.ok(HttpMethod.GET, "/1.0/cache/stats").getJsonObject("metadata");
  }

  private static JsonObject row(JsonObject stats, String type) {
    return stats.getJsonArray("images").stream().map(o -> (JsonObject) o).filter(r -> r.getString("type").equals(type)).findFirst().orElseThrow();
  }

  private static String rowText(JsonObject r) {
    return r.getInteger("total") + "/" + r.getInteger("active") + "/" + r.getLong("size") + "/" + r.getLong("reclaimable");
  }

  @Test
  void prune_withoutBody_isADryRun() {
    long size = twoExpired();
    String before = h.dumpTables();

    JsonObject r = api.ok(HttpMethod.POST, "/1.0/cache/prune").getJsonObject("metadata");

    assertThat(r.getBoolean("dry_run")).isTrue();
    assertThat(r.getJsonArray("plan")).hasSize(2);
    JsonObject first = r.getJsonArray("plan").getJsonObject(0);
    assertThat(first.getString("fingerprint")).isEqualTo(fp1);
    assertThat(first.getString("project")).isEqualTo("default");
    assertThat(first.getString("reason")).isEqualTo("expired");
    assertThat(first.getLong("size")).isEqualTo(size);
    assertThat(first.getLong("bytes_freed")).isEqualTo(size);
    assertThat(first.getString("uploaded_at")).isNotNull();
    assertThat(r.getJsonArray("deleted")).isEmpty();
    assertThat(r.getLong("bytes_freed")).isZero();
    assertThat(h.dumpTables()).isEqualTo(before);

    assertThat(api.ok(HttpMethod.POST, "/1.0/cache/prune", "{}").getJsonObject("metadata").getBoolean("dry_run")).isTrue();
    assertThat(api.ok(HttpMethod.POST, "/1.0/cache/prune", "{\"dry_run\": true}").getJsonObject("metadata").getJsonArray("deleted")).isEmpty();
    assertThat(h.dumpTables()).isEqualTo(before);
  }

  @Test
  void prune_dryRunFalse_deletes() {
    long size = twoExpired();

    JsonObject r = api.ok(HttpMethod.POST, "/1.0/cache/prune", "{\"dry_run\": false}").getJsonObject("metadata");

    assertThat(r.getBoolean("dry_run")).isFalse();
    assertThat(r.getJsonArray("deleted")).hasSize(2);
    assertThat(r.getLong("bytes_freed")).isEqualTo(2 * size);
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("0");
    assertThat(h.imageDirEntries()).isEmpty();
  }

  @Test
  void prune_reasonsFilter() {
    twoExpired();
    JsonObject r = api.ok(HttpMethod.POST, "/1.0/cache/prune", "{\"dry_run\": false, \"reasons\": [\"superseded\", \"disk_pressure\"]}")
        .getJsonObject("metadata");
    assertThat(r.getJsonArray("plan")).isEmpty();
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("2");
  }

  @Test
  void prune_badInput_is400() {
    api.assertError(HttpMethod.POST, "/1.0/cache/prune", "{\"reasons\": [\"bogus\"]}", 400, "invalid_reason");
    api.assertError(HttpMethod.POST, "/1.0/cache/prune", "{\"reasons\": \"expired\"}", 400, "invalid_reason");
    api.assertError(HttpMethod.POST, "/1.0/cache/prune", "{\"reasons\": [1]}", 400, "invalid_reason");
    assertThat(api.send(HttpMethod.POST, "/1.0/cache/prune", "{\"dry_run\": \"no\"}").statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/1.0/cache/prune", "{\"dryrun\": false}").statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/1.0/cache/prune", "[").statusCode()).isEqualTo(400);
  }

  @Test
  void prune_whileAnotherDeletingPruneRuns_is409() throws Exception {
    twoExpired();
    Promise<Void> gate = Promise.promise();
    h.locks.withLock(Fingerprint.of(fp1), gate::future);
    var first = h.pruner.run(false, java.util.Set.copyOf(org.imagecache.schedule.PrunePolicy.REASONS));
    Eventually.until(h.vertx, Duration.ofSeconds(10), "the first prune waits on the lock of " + fp1,
        () -> h.locks.waiting(Fingerprint.of(fp1)) == 1);
    api.assertError(HttpMethod.POST, "/1.0/cache/prune", "{\"dry_run\": false}", 409, "prune_running");
    gate.complete();
    assertThat(first.await().deleted()).hasSize(2);
  }

  @Test
  void stats_countsBytesLeasesAndLookups() {
    JsonObject empty = stats();
    assertThat(rowText(row(empty, "all"))).isEqualTo("0/0/0/0");
    assertThat(empty.getJsonObject("lookups").getLong("lookups")).isZero();

    long size = lookup("default", fp1, "c1").getLong("size");
    lookup("default", fp2, null);
    assertThat(api.ok(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"alias\": \"testos/1\"}").getJsonObject("metadata")
        .getString("fingerprint")).isEqualTo(fp3);
    lookup("other", fp1, null);
    api.ok(HttpMethod.PATCH, "/1.0/images/" + fp3, "{\"pinned\": true}");
    h.writeBehind.flush().await();
    JsonObject now = stats();
    assertThat(now.getJsonObject("lookups").getLong("lookups")).isEqualTo(4);
    assertThat(now.getJsonObject("lookups").getLong("downloads")).isEqualTo(3);
    assertThat(rowText(row(now, "cached"))).as("all leased by launches; nothing reclaimable").isEqualTo("4/4/" + 3 * size + "/0");
    assertThat(now.getInteger("leased")).isEqualTo(4);
    assertThat(now.getInteger("pinned")).isEqualTo(1);

    h.clock.advance(Duration.ofHours(2));
    JsonObject later = stats();
    assertThat(rowText(row(later, "cached"))).as("fp1 held by the instance lease of default; fp3 pinned; fp2 may go")
        .isEqualTo("4/1/" + 3 * size + "/" + size);
    assertThat(rowText(row(later, "explicit"))).isEqualTo("0/0/0/0");
    assertThat(rowText(row(later, "all"))).isEqualTo("4/1/" + 3 * size + "/" + size);
    assertThat(later.getInteger("leased")).isEqualTo(1);
    assertThat(later.getInteger("pinned")).isEqualTo(1);
    assertThat(later.getLong("store_bytes")).isEqualTo(3 * size);
    assertThat(later.getJsonObject("per_project").getJsonObject("default").getInteger("images")).isEqualTo(3);
    assertThat(later.getJsonObject("per_project").getJsonObject("default").getLong("bytes")).isEqualTo(3 * size);
    assertThat(later.getJsonObject("per_project").getJsonObject("other").getInteger("images")).isEqualTo(1);
    assertThat(later.getJsonObject("per_remote").getJsonObject("fixture").getInteger("images")).as("the alias lookup records its source").isEqualTo(1);
    assertThat(later.getJsonObject("per_remote").getJsonObject("fixture").getLong("bytes")).isEqualTo(size);
    assertThat(later.getJsonObject("per_remote").getJsonObject("(none)").getInteger("images")).as("fingerprint lookups record no source").isEqualTo(3);

    lookup("default", fp2, null);
    JsonObject afterHit = stats();
    assertThat(afterHit.getJsonObject("lookups").getLong("lookups")).isEqualTo(5);
    assertThat(afterHit.getJsonObject("lookups").getLong("hits")).isEqualTo(later.getJsonObject("lookups").getLong("hits") + 1);
    assertThat(afterHit.getJsonObject("lookups").getLong("downloads")).isEqualTo(3);
    assertThat(rowText(row(afterHit, "cached"))).as("fp2 leased again").isEqualTo("4/2/" + 3 * size + "/0");
  }

  @Test
  void stats_reclaimableOfCachedImages_countsExplicitRecordsOfTheSameFingerprint() {
    long size = lookup("default", fp1, null).getLong("size");
    lookup("other", fp1, null);
    lookup("default", fp2, null);
    h.writeBehind.flush().await();
    Sql.execute(h.dbFile, "UPDATE images SET cached = FALSE WHERE project = 'default' AND fingerprint = '" + fp1 + "'");
    h.clock.advance(Duration.ofDays(11));

    JsonObject s = stats();
    long wouldFree = api.ok(HttpMethod.POST, "/1.0/cache/prune").getJsonObject("metadata").getJsonArray("plan").stream()
        .mapToLong(o -> ((JsonObject) o).getLong("bytes_freed")).sum();
    assertThat(wouldFree).as("the explicit record keeps fp1's files").isEqualTo(size);
    assertThat(rowText(row(s, "explicit"))).isEqualTo("1/0/" + size + "/0");
    assertThat(rowText(row(s, "all"))).isEqualTo("3/0/" + 2 * size + "/" + size);
    assertThat(rowText(row(s, "cached"))).isEqualTo("2/0/" + 2 * size + "/" + size);
  }

  @Test
  void events_pagedAndFiltered() {
    twoExpired();
    api.ok(HttpMethod.POST, "/1.0/cache/prune", "{\"dry_run\": false}");

    JsonArray all = api.ok(HttpMethod.GET, "/1.0/cache/events").getJsonArray("metadata");
    assertThat(all).hasSize(4);
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("kind")))
        .containsExactly("image-deleted", "image-deleted", "image-downloaded", "image-downloaded");
    JsonObject newest = all.getJsonObject(0);
    assertThat(newest.getString("reason")).isEqualTo("expired");
    assertThat(newest.getLong("bytes")).isPositive();
    assertThat(newest.getString("project")).isEqualTo("default");
    assertThat(newest.getString("at")).isNotNull();

    JsonArray page1 = api.ok(HttpMethod.GET, "/1.0/cache/events?limit=3").getJsonArray("metadata");
    assertThat(page1).hasSize(3);
    long last = page1.getJsonObject(2).getLong("id");
    JsonArray page2 = api.ok(HttpMethod.GET, "/1.0/cache/events?limit=3&before=" + last).getJsonArray("metadata");
    assertThat(page2).hasSize(1);
    assertThat(page2.getJsonObject(0).getLong("id")).isLessThan(last).isEqualTo(all.getJsonObject(3).getLong("id"));

    JsonArray deleted = api.ok(HttpMethod.GET, "/1.0/cache/events?kind=image-deleted").getJsonArray("metadata");
    assertThat(deleted).hasSize(2).allMatch(o -> ((JsonObject) o).getString("kind").equals("image-deleted"));
    JsonArray ofFp1 = api.ok(HttpMethod.GET, "/1.0/cache/events?fingerprint=" + fp1.substring(0, 12)).getJsonArray("metadata");
    assertThat(ofFp1).hasSize(2).allMatch(o -> ((JsonObject) o).getString("fingerprint").equals(fp1));
    assertThat(api.ok(HttpMethod.GET, "/1.0/cache/events?kind=image-deleted&fingerprint=" + fp2).getJsonArray("metadata")).hasSize(1);
    assertThat(api.ok(HttpMethod.GET, "/1.0/cache/events?kind=image-damaged").getJsonArray("metadata")).isEmpty();
    api.assertError(HttpMethod.GET, "/1.0/cache/events?kind=nothing-such", null, 400, "invalid_kind");
  }

  @Test
  void events_badQuery_is400() {
    api.assertError(HttpMethod.GET, "/1.0/cache/events?limit=abc", null, 400, "invalid_request");
    api.assertError(HttpMethod.GET, "/1.0/cache/events?limit=-1", null, 400, "invalid_request");
    api.assertError(HttpMethod.GET, "/1.0/cache/events?limit=1001", null, 400, "invalid_request");
    api.assertError(HttpMethod.GET, "/1.0/cache/events?before=x", null, 400, "invalid_request");
    api.assertError(HttpMethod.GET, "/1.0/cache/events?kind=Bad!", null, 400, "invalid_kind");
    api.assertError(HttpMethod.GET, "/1.0/cache/events?fingerprint=xyz", null, 400, "invalid_fingerprint");
  }
}

package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.REMOTE;
import static org.imagecache.testing.LookupHarness.V1;
import static org.imagecache.testing.LookupHarness.V2;
import static org.imagecache.testing.LookupHarness.byAlias;
import static org.imagecache.testing.LookupHarness.byFingerprint;
import static org.imagecache.testing.UpdateRows.events;
import static org.imagecache.testing.UpdateRows.records;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.imagecache.store.ImageRepository;
import org.imagecache.testing.ApiCalls;
import org.imagecache.testing.Images;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.imagecache.testing.UpdateRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** POST /1.0/images/<fp>/refresh over the real router and graph: refreshes now, whatever the due time and catalog age. */
@ExtendWith(VertxExtension.class)
class ImageRefreshRoutesIT {
  @TempDir Path dir;
  LookupHarness h;
  ApiCalls api;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    api = new ApiCalls(vertx, h.serveApi());
    fp1 = h.fp1;
  }

  @AfterEach
  void stop() {
    api.close();
    h.close();
  }

  private JsonObject refresh(String fp) {
    return api.ok(HttpMethod.POST, "/1.0/images/" + fp + "/refresh").getJsonObject("metadata");
  }

  @Test
  void refresh_nothingNew_answersNotRefreshed_andChangesNothing() {
    h.lookupNow(byAlias(ALIAS));
    String before = UpdateRows.dumpWithoutDueTimes(h.dbFile);
    List<String> eventsBefore = Sql.column(h.dbFile, "SELECT kind FROM cache_events ORDER BY id");

    JsonObject m = refresh(fp1);

    assertThat(m.getBoolean("refreshed")).isFalse();
    assertThat(m.getString("fingerprint")).isEqualTo(fp1);
    assertThat(m.fieldNames()).containsExactlyInAnyOrder("refreshed", "fingerprint");
    assertThat(UpdateRows.dumpWithoutDueTimes(h.dbFile)).isEqualTo(before);
    assertThat(Sql.column(h.dbFile, "SELECT kind FROM cache_events ORDER BY id")).isEqualTo(eventsBefore);
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(fp1, fp1 + ".rootfs");
  }

  @Test
  void refresh_newVersion_refetchesTheCatalogAtOnce_andAnswersTheNewFingerprint() {
    h.lookupNow(byAlias(ALIAS));
    String fp2 = h.publish(List.of(V1, V2)).get(V2);
    h.server.clearLog();

    // no clock move: the catalog in memory is fresh, the due time far; a manual refresh asks anyway
    JsonObject m = refresh(fp1.substring(0, 12));

    assertThat(m.getBoolean("refreshed")).isTrue();
    assertThat(m.getString("fingerprint")).isEqualTo(fp2);
    assertThat(h.server.served("index.json")).isEqualTo(1);
    assertThat(h.server.served(V2 + "/root.tar.xz")).isEqualTo(1);
    assertThat(events(h.dbFile, "image-refreshed")).hasSize(1);
    // the lookup's launch lease keeps the old revision; its source moved to the new one
    assertThat(records(h.dbFile, "default")).containsExactly(fp1, fp2);
    api.assertError(HttpMethod.POST, "/1.0/images/" + fp1 + "/refresh", null, 400, "no_source");

    assertThat(refresh(fp2)).isEqualTo(new JsonObject().put("refreshed", false).put("fingerprint", fp2));

    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    h.autoUpdater.runRound().await();
    assertThat(records(h.dbFile, "default")).as("lease over, but downloaded inside cache.fresh_grace").containsExactly(fp1, fp2);

    h.clock.advance(LookupHarness.CACHE.freshGrace());
    h.autoUpdater.runRound().await();
    assertThat(records(h.dbFile, "default")).containsExactly(fp2);
    api.assertError(HttpMethod.POST, "/1.0/images/" + fp1 + "/refresh", null, 404, "image_not_found");
  }

  @Test
  void refresh_ofAnotherProject_usesTheProjectParameter() {
    h.lookupNow(byAlias("other", ALIAS));
    api.assertError(HttpMethod.POST, "/1.0/images/" + fp1 + "/refresh", null, 404, "image_not_found");
    JsonObject m = api.ok(HttpMethod.POST, "/1.0/images/" + fp1 + "/refresh?project=other").getJsonObject("metadata");
    assertThat(m.getBoolean("refreshed")).isFalse();
  }

  @Test
  void refresh_unknownFingerprint_isNotFound() {
    api.assertError(HttpMethod.POST, "/1.0/images/" + "0".repeat(64) + "/refresh", null, 404, "image_not_found");
    api.assertError(HttpMethod.POST, "/1.0/images/zzzzzzzzzzzzzz/refresh", null, 400, "invalid_fingerprint");
  }

  @Test
  void refresh_imageFetchedByFingerprint_hasNoSource() {
    h.lookupNow(byFingerprint("default", REMOTE, fp1));
    String before = h.dumpTables();
    api.assertError(HttpMethod.POST, "/1.0/images/" + fp1 + "/refresh", null, 400, "no_source");
    assertThat(h.dumpTables()).isEqualTo(before);
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM image_updates")).containsExactly("0");
  }

  @Test
  void refresh_recordAddedWithoutSource_hasNoSource() {
    String fp = h.db.write(session -> new ImageRepository().insert(session, Images.cachedImage().fingerprint("abcdef").build())).await()
        .fingerprint().hex();
    api.assertError(HttpMethod.POST, "/1.0/images/" + fp + "/refresh", null, 400, "no_source");
  }
}

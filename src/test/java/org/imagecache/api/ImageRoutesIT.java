package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.imagecache.resolve.LookupResult;
import org.imagecache.store.ImageRepository;
import org.imagecache.testing.ApiCalls;
import org.imagecache.testing.Images;
import org.imagecache.testing.LookupHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /1.0/images over the real router and the real lookup graph. */
@ExtendWith(VertxExtension.class)
class ImageRoutesIT {
  @TempDir Path dir;
  LookupHarness h;
  ApiCalls api;
  String fp;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    api = new ApiCalls(vertx, h.serveApi());
    fp = h.fp1;
  }

  @AfterEach
  void stop() {
    api.close();
    h.close();
  }

  private LookupResult cache() {
    return h.lookupNow(byAlias(ALIAS));
  }

  @Test
  void list_cachedImage_asUrlsAndAsObjects() {
    LookupResult r = cache();
    assertThat(api.ok(HttpMethod.GET, "/1.0/images").getJsonArray("metadata").getList()).containsExactly("/1.0/images/" + fp);

    JsonArray all = api.ok(HttpMethod.GET, "/1.0/images?recursion=1").getJsonArray("metadata");
    assertThat(all).hasSize(1);
    JsonObject image = all.getJsonObject(0);
    assertThat(image.fieldNames()).contains("fingerprint", "aliases", "architecture", "type", "size", "cached", "auto_update", "pinned",
        "properties", "created_at", "uploaded_at", "last_used_at", "update_source", "leases");
    assertThat(image.getString("fingerprint")).isEqualTo(fp);
    assertThat(image.getJsonArray("aliases")).isEmpty();
    assertThat(image.getString("architecture")).isEqualTo("x86_64");
    assertThat(image.getString("type")).isEqualTo("container");
    assertThat(image.getLong("size")).isEqualTo(r.size());
    assertThat(image.getBoolean("cached")).isTrue();
    assertThat(image.getBoolean("auto_update")).isTrue();
    assertThat(image.getBoolean("pinned")).isFalse();
    assertThat(image.getJsonObject("properties").getString("os")).isEqualTo("testos");
    assertThat(image.getString("created_at")).startsWith("2026-11-01T00:00");
    assertThat(image.getString("uploaded_at")).isEqualTo("2026-11-23T00:00:00Z");
    assertThat(image.getString("last_used_at")).isEqualTo("2026-11-23T00:00:00Z");
    assertThat(image.getJsonObject("update_source").getString("alias")).isEqualTo(ALIAS);
    assertThat(image.getJsonObject("update_source").getString("server")).isEqualTo(h.server.baseUrl());
    assertThat(image.getJsonArray("leases")).hasSize(1);
    assertThat(image.getJsonArray("leases").getJsonObject(0).getString("kind")).isEqualTo("launch");
    assertThat(image.getJsonArray("locations").getList()).as("the members that hold its files").containsExactly(LookupHarness.MEMBER);
    assertThat(api.ok(HttpMethod.GET, "/1.0/images?project=other").getJsonArray("metadata")).isEmpty();
  }

  @Test
  void get_byFullFingerprintAndByPrefix() {
    cache();
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/" + fp).getJsonObject("metadata").getString("fingerprint")).isEqualTo(fp);
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/" + fp.substring(0, 12)).getJsonObject("metadata").getString("fingerprint")).isEqualTo(fp);
    api.assertError(HttpMethod.GET, "/1.0/images/" + "0".repeat(12), null, 404, "image_not_found");
  }

  @Test
  void get_badFingerprint_is400() {
    api.assertError(HttpMethod.GET, "/1.0/images/" + fp.substring(0, 11), null, 400, "invalid_fingerprint");
    api.assertError(HttpMethod.GET, "/1.0/images/" + fp + "0", null, 400, "invalid_fingerprint");
    api.assertError(HttpMethod.GET, "/1.0/images/" + fp.substring(0, 12).toUpperCase(), null, 400, "invalid_fingerprint");
    api.assertError(HttpMethod.GET, "/1.0/images/zzzzzzzzzzzzzz", null, 400, "invalid_fingerprint");
  }

  @Test
  void get_ambiguousPrefix_is400() {
    ImageRepository repo = new ImageRepository();
    h.db.write(session -> {
      repo.insert(session, Images.image().fingerprint("aaaaaaaaaaaa1").build());
      return repo.insert(session, Images.image().fingerprint("aaaaaaaaaaaa2").build());
    }).await();
    api.assertError(HttpMethod.GET, "/1.0/images/aaaaaaaaaaaa", null, 400, "ambiguous_fingerprint");
    api.assertError(HttpMethod.DELETE, "/1.0/images/aaaaaaaaaaaa", null, 400, "ambiguous_fingerprint");
  }

  @Test
  void patch_editsAutoUpdatePinnedAndProperties() {
    cache();
    JsonObject image = api.ok(HttpMethod.PATCH, "/1.0/images/" + fp, "{\"auto_update\": false, \"pinned\": true}").getJsonObject("metadata");
    assertThat(image.getBoolean("auto_update")).isFalse();
    assertThat(image.getBoolean("pinned")).isTrue();
    assertThat(image.getJsonObject("properties").getString("os")).isEqualTo("testos");

    image = api.ok(HttpMethod.PATCH, "/1.0/images/" + fp.substring(0, 12), "{\"properties\": {\"team\": \"web\"}}").getJsonObject("metadata");
    assertThat(image.getJsonObject("properties").getMap()).containsExactly(java.util.Map.entry("team", "web"));
    assertThat(image.getBoolean("pinned")).isTrue();

    JsonObject stored = api.ok(HttpMethod.GET, "/1.0/images/" + fp).getJsonObject("metadata");
    assertThat(stored.getBoolean("auto_update")).isFalse();
    assertThat(stored.getJsonObject("properties").getMap()).containsOnlyKeys("team");
  }

  @Test
  void patch_unknownOrBadField_is400AndChangesNothing() {
    cache();
    String before = h.dumpTables();
    api.assertError(HttpMethod.PATCH, "/1.0/images/" + fp, "{\"cached\": false}", 400, "unknown_field");
    api.assertError(HttpMethod.PATCH, "/1.0/images/" + fp, "{\"pinned\": \"yes\"}", 400, "invalid_request");
    api.assertError(HttpMethod.PATCH, "/1.0/images/" + fp, "{\"properties\": {\"a\": 1}}", 400, "invalid_request");
    assertThat(h.dumpTables()).isEqualTo(before);
  }

  @Test
  void delete_unleased_answersBytesFreed() {
    LookupResult r = cache();
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    JsonObject body = api.ok(HttpMethod.DELETE, "/1.0/images/" + fp.substring(0, 12));
    assertThat(body.getJsonObject("metadata").getLong("bytes_freed")).isEqualTo(r.size());
    assertThat(h.imageDirEntries()).isEmpty();
    api.assertError(HttpMethod.GET, "/1.0/images/" + fp, null, 404, "image_not_found");
  }

  @Test
  void delete_leased_is409() {
    cache();
    api.assertError(HttpMethod.DELETE, "/1.0/images/" + fp, null, 409, "image_in_use");
    assertThat(h.imageDirEntries()).hasSize(2);
  }

  @Test
  void pull_remoteAlias_isAsyncAndKeepsAUserImageWithAliases() {
    var resp = api.send(HttpMethod.POST, "/1.0/images",
        "{\"source\": {\"remote\": \"fixture\", \"alias\": \"testos/1\"}, \"aliases\": [{\"name\": \"web/base\", \"description\": \"d\"}], \"auto_update\": true}");
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(202);
    String location = resp.getHeader("Location");
    assertThat(location).startsWith("/1.0/operations/");
    assertThat(resp.bodyAsJsonObject().getString("operation")).isEqualTo(location);

    JsonObject op = api.ok(HttpMethod.GET, location + "/wait?timeout=30").getJsonObject("metadata");
    assertThat(op.getString("status")).as(op.encode()).isEqualTo("Success");
    JsonObject image = op.getJsonObject("metadata").getJsonObject("result");
    assertThat(image.getString("fingerprint")).isEqualTo(fp);
    assertThat(image.getBoolean("cached")).isFalse();
    assertThat(image.getBoolean("auto_update")).isTrue();
    assertThat(image.getJsonArray("aliases").getJsonObject(0).getString("name")).isEqualTo("web/base");

    JsonObject stored = api.ok(HttpMethod.GET, "/1.0/images/" + fp).getJsonObject("metadata");
    assertThat(stored.getBoolean("cached")).isFalse();
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/aliases/web%2Fbase").getJsonObject("metadata").getString("target")).isEqualTo(fp);
  }

  @Test
  void pull_withoutRemote_is400() {
    api.assertError(HttpMethod.POST, "/1.0/images", "{\"source\": {\"alias\": \"testos/1\"}}", 400, "invalid_request");
    api.assertError(HttpMethod.POST, "/1.0/images", "{\"source\": {\"remote\": \"nope\", \"alias\": \"testos/1\"}}", 404, "unknown_remote");
  }
}

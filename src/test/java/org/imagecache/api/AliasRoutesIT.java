package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;
import static org.imagecache.testing.LookupHarness.byFingerprint;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.imagecache.testing.ApiCalls;
import org.imagecache.testing.LookupHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /1.0/images/aliases over the real router and the real lookup graph, with two cached images. */
@ExtendWith(VertxExtension.class)
class AliasRoutesIT {
  @TempDir Path dir;
  LookupHarness h;
  ApiCalls api;
  String fp1;
  String fp2;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    api = new ApiCalls(vertx, h.serveApi());
    fp1 = h.fp1;
    h.lookupNow(byAlias(ALIAS));
    fp2 = h.publish(List.of(LookupHarness.V1, LookupHarness.V2)).get(LookupHarness.V2);
    h.refreshCatalog();
    h.lookupNow(byFingerprint("default", LookupHarness.REMOTE, fp2));
  }

  @AfterEach
  void stop() {
    api.close();
    h.close();
  }

  private JsonObject create(String name, String target) {
    var resp = api.send(HttpMethod.POST, "/1.0/images/aliases", new JsonObject().put("name", name).put("target", target).put("description", "d").encode());
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(201);
    assertThat(resp.getHeader("Location")).isEqualTo("/1.0/images/aliases/" + name.replace("/", "%2F"));
    return resp.bodyAsJsonObject().getJsonObject("metadata");
  }

  @Test
  void create_newName_is201WithLocationAndIsListed() {
    JsonObject alias = create("web/base", fp1.substring(0, 12));
    assertThat(alias.getString("name")).isEqualTo("web/base");
    assertThat(alias.getString("target")).isEqualTo(fp1);
    assertThat(alias.getString("description")).isEqualTo("d");
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/aliases").getJsonArray("metadata").getList()).containsExactly("/1.0/images/aliases/web%2Fbase");
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/aliases?recursion=1").getJsonArray("metadata").getJsonObject(0).getString("target")).isEqualTo(fp1);
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/" + fp1).getJsonObject("metadata").getJsonArray("aliases").getJsonObject(0).getString("name"))
        .isEqualTo("web/base");
  }

  @Test
  void create_duplicate_is409() {
    create("web", fp1);
    api.assertError(HttpMethod.POST, "/1.0/images/aliases", "{\"name\": \"web\", \"target\": \"" + fp2 + "\"}", 409, "alias_exists");
    api.assertError(HttpMethod.POST, "/1.0/images/aliases", "{\"name\": \"x\", \"target\": \"" + "0".repeat(12) + "\"}", 404, "image_not_found");
    api.assertError(HttpMethod.POST, "/1.0/images/aliases", "{\"name\": \"x\"}", 400, "invalid_request");
  }

  @Test
  void get_slashedName_byEncodedPath() {
    create("web/base", fp1);
    JsonObject alias = api.ok(HttpMethod.GET, "/1.0/images/aliases/web%2Fbase").getJsonObject("metadata");
    assertThat(alias.getString("name")).isEqualTo("web/base");
    assertThat(alias.getString("target")).isEqualTo(fp1);
    api.assertError(HttpMethod.GET, "/1.0/images/aliases/nope", null, 404, "alias_not_found");
  }

  @Test
  void put_replacesTargetAndDescription() {
    create("web/base", fp1);
    JsonObject alias = api.ok(HttpMethod.PUT, "/1.0/images/aliases/web%2Fbase", "{\"target\": \"" + fp2 + "\"}").getJsonObject("metadata");
    assertThat(alias.getString("target")).isEqualTo(fp2);
    assertThat(alias.getString("description")).isEmpty();
    api.assertError(HttpMethod.PUT, "/1.0/images/aliases/web%2Fbase", "{\"description\": \"x\"}", 400, "invalid_request");
  }

  @Test
  void patch_retargetsAndKeepsTheDescription() {
    create("web", fp1);
    JsonObject alias = api.ok(HttpMethod.PATCH, "/1.0/images/aliases/web", "{\"target\": \"" + fp2.substring(0, 12) + "\"}").getJsonObject("metadata");
    assertThat(alias.getString("target")).isEqualTo(fp2);
    assertThat(alias.getString("description")).isEqualTo("d");
    assertThat(h.lookupNow(LookupHarness.localAlias("default", "web")).fingerprint()).isEqualTo(fp2);
  }

  @Test
  void post_renames() {
    create("web/base", fp1);
    var resp = api.send(HttpMethod.POST, "/1.0/images/aliases/web%2Fbase", "{\"name\": \"web/next\"}");
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(201);
    assertThat(resp.getHeader("Location")).isEqualTo("/1.0/images/aliases/web%2Fnext");
    api.assertError(HttpMethod.GET, "/1.0/images/aliases/web%2Fbase", null, 404, "alias_not_found");
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/aliases/web%2Fnext").getJsonObject("metadata").getString("target")).isEqualTo(fp1);
    create("other", fp2);
    api.assertError(HttpMethod.POST, "/1.0/images/aliases/other", "{\"name\": \"web/next\"}", 409, "alias_exists");
  }

  @Test
  void delete_removesTheAliasOnly() {
    create("web/base", fp1);
    api.ok(HttpMethod.DELETE, "/1.0/images/aliases/web%2Fbase");
    api.assertError(HttpMethod.GET, "/1.0/images/aliases/web%2Fbase", null, 404, "alias_not_found");
    api.assertError(HttpMethod.DELETE, "/1.0/images/aliases/web%2Fbase", null, 404, "alias_not_found");
    api.ok(HttpMethod.GET, "/1.0/images/" + fp1);
  }

  @Test
  void dotSegments_inAPathOrAName_areRefused_andReachNoOtherRoute() {
    create("web", fp1);
    api.assertError(HttpMethod.DELETE, "/1.0/images/aliases/%2e%2e/" + fp1, null, 400, "invalid_path");
    api.assertError(HttpMethod.DELETE, "/1.0/images/aliases/%2E%2E/%2e%2e/images/" + fp1, null, 400, "invalid_path");
    api.assertError(HttpMethod.GET, "/1.0/images/aliases/.", null, 400, "invalid_path");
    api.assertError(HttpMethod.POST, "/1.0/images/aliases", "{\"name\": \"..\", \"target\": \"" + fp1 + "\"}", 400, "invalid_alias");
    api.assertError(HttpMethod.POST, "/1.0/images/aliases/web", "{\"name\": \"a/../b\"}", 400, "invalid_alias");
    api.assertError(HttpMethod.POST, "/1.0/images/aliases/web", "{\"name\": \"./a\"}", 400, "invalid_alias");
    api.assertError(HttpMethod.POST, "/1.0/images/aliases/web", "{\"name\": \"a\\u0085b\"}", 400, "invalid_alias");
    api.assertError(HttpMethod.GET, "/1.0/images/aliases/a%C2%9Bb", null, 400, "invalid_alias");
    api.ok(HttpMethod.GET, "/1.0/images/" + fp1);
    assertThat(api.ok(HttpMethod.GET, "/1.0/images/aliases").getJsonArray("metadata").getList()).containsExactly("/1.0/images/aliases/web");
    create("web/..x/.y", fp2);
  }
}

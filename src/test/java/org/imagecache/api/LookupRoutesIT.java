package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

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

/** POST /1.0/lookup over the real router and graph: answers, and the validation table (no I/O, no change). */
@ExtendWith(VertxExtension.class)
class LookupRoutesIT {
  @TempDir Path dir;
  LookupHarness h;
  ApiCalls api;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    api = new ApiCalls(vertx, h.serveApi());
  }

  @AfterEach
  void stop() {
    api.close();
    h.close();
  }

  @Test
  void lookup_byRemoteName_answersTheImageAndItsFiles() {
    JsonObject r = api.ok(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"instance\": \"c1\"}")
        .getJsonObject("metadata");
    assertThat(r.getString("fingerprint")).isEqualTo(h.fp1);
    assertThat(r.getBoolean("downloaded")).isTrue();
    assertThat(r.getJsonObject("files").getString("meta")).endsWith(h.fp1);
    assertThat(r.getJsonObject("files").getString("root")).endsWith(h.fp1 + ".rootfs");
    assertThat(r.getJsonObject("lease").getString("id")).startsWith("launch-");
    assertThat(r.getJsonObject("instance_lease").getString("id")).startsWith("instance-");
    assertThat(r.getJsonObject("source").getString("remote")).isEqualTo("fixture");
  }

  @Test
  void lookup_byConfiguredServerUrl_isTheSameRemote() {
    JsonObject r = api.ok(HttpMethod.POST, "/1.0/lookup",
        new JsonObject().put("server", h.server.baseUrl()).put("protocol", "simplestreams").put("alias", "testos/1").encode()).getJsonObject("metadata");
    assertThat(r.getString("fingerprint")).isEqualTo(h.fp1);
    assertThat(r.getJsonObject("source").getString("remote")).isEqualTo("fixture");
  }

  @Test
  void lookup_withoutWait_is202WithAnOperation() {
    var resp = api.send(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"wait\": false}");
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(202);
    JsonObject op = api.ok(HttpMethod.GET, resp.getHeader("Location") + "/wait?timeout=30").getJsonObject("metadata");
    assertThat(op.getString("status")).isEqualTo("Success");
    assertThat(op.getJsonObject("metadata").getJsonObject("progress").getInteger("percent")).isEqualTo(100);
  }

  @Test
  void lookup_badInput_isRefusedBeforeAnyIoAndChangesNothing() {
    api.ok(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"alias\": \"testos/1\"}");
    h.writeBehind.flush().await();
    h.clock.advance(java.time.Duration.ofMinutes(1));
    String before = h.dumpTables();
    List<String> imagesBefore = h.imageDirEntries();
    h.server.clearLog();

    record Case(String body, int status, String reason) {}
    String big = "{\"remote\": \"fixture\", \"alias\": \"" + "a".repeat(70 * 1024) + "\"}";
    List<Case> cases = List.of(
        new Case("{\"remote\": \"nope\", \"alias\": \"testos/1\"}", 404, "unknown_remote"),
        new Case("{\"server\": \"http://127.0.0.1:1/\", \"alias\": \"testos/1\"}", 403, "remote_not_allowed"),
        new Case("{\"server\": \"" + h.server.baseUrl() + "\", \"protocol\": \"lxd\", \"alias\": \"testos/1\"}", 403, "remote_not_allowed"),
        new Case("{\"server\": \"' OR '1'='1\", \"alias\": \"testos/1\"}", 403, "remote_not_allowed"),
        new Case("{\"server\": \"http://x/%zz\", \"alias\": \"testos/1\"}", 403, "remote_not_allowed"),
        new Case("{\"remote\": \"fixture\", \"fingerprint\": \"abc\"}", 400, "invalid_fingerprint"),
        new Case("{\"remote\": \"fixture\", \"fingerprint\": \"" + "A".repeat(64) + "\"}", 400, "invalid_fingerprint"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"" + "a".repeat(256) + "\"}", 400, "invalid_alias"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos\\u0001/1\"}", 400, "invalid_alias"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"architecture\": \"z80\"}", 400, "invalid_architecture"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"type\": \"lxc\"}", 400, "invalid_type"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"colour\": \"red\"}", 400, "unknown_field"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"fingerprint\": \"" + h.fp1 + "\"}", 400, "invalid_request"),
        new Case("{\"remote\": \"fixture\"}", 400, "invalid_request"),
        new Case("{\"remote\": \"fixture\", \"server\": \"" + h.server.baseUrl() + "\", \"alias\": \"testos/1\"}", 400, "invalid_request"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"project\": \"no/slash\"}", 400, "invalid_project"),
        new Case("{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"instance\": \"bad name\"}", 400, "invalid_instance"),
        new Case("[1]", 400, "invalid_json"),
        new Case(big, 413, "request_too_large"));
    for (Case c : cases) {
      api.assertError(HttpMethod.POST, "/1.0/lookup", c.body(), c.status(), c.reason());
    }

    h.writeBehind.flush().await();
    assertThat(h.dumpTables()).isEqualTo(before);
    assertThat(h.imageDirEntries()).isEqualTo(imagesBefore);
    assertThat(h.server.log()).isEmpty();
  }
}

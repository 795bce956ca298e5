package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.imagecache.testing.ApiCalls;
import org.imagecache.testing.LookupHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /1.0/operations over the real router: downloads started by a lookup that does not wait. */
@ExtendWith(VertxExtension.class)
class OperationRoutesIT {
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

  private String startDownload() {
    var resp = api.send(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"wait\": false}");
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(202);
    return resp.getHeader("Location");
  }

  @Test
  void list_andGet_showTheOperation() {
    h.server.paths("root.tar.xz").throttle(32 * 1024);
    String location = startDownload();
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(api.ok(HttpMethod.GET, "/1.0/operations").getJsonArray("metadata").getList()).contains(location);
    JsonObject listed = api.ok(HttpMethod.GET, "/1.0/operations?recursion=1").getJsonArray("metadata").getJsonObject(0);
    assertThat(listed.getString("id")).isEqualTo(id);
    JsonObject op = api.ok(HttpMethod.GET, location).getJsonObject("metadata");
    assertThat(op.getString("id")).isEqualTo(id);
    assertThat(op.getString("class")).isEqualTo("task");
    assertThat(op.getString("status")).isEqualTo("Running");
    assertThat(op.getBoolean("may_cancel")).isTrue();
    assertThat(op.getJsonObject("metadata").getJsonObject("progress").getLong("total")).isPositive();
    api.assertError(HttpMethod.GET, "/1.0/operations/nope", null, 404, "operation_not_found");
    api.ok(HttpMethod.GET, location + "/wait");
  }

  @Test
  void wait_withTimeout_answersWhileRunningThenWhenDone() {
    h.server.paths("root.tar.xz").throttle(32 * 1024);
    String location = startDownload();
    JsonObject running = api.ok(HttpMethod.GET, location + "/wait?timeout=0").getJsonObject("metadata");
    assertThat(running.getString("status")).isEqualTo("Running");
    JsonObject done = api.ok(HttpMethod.GET, location + "/wait?timeout=60").getJsonObject("metadata");
    assertThat(done.getString("status")).isEqualTo("Success");
    assertThat(done.getInteger("status_code")).isEqualTo(200);
    assertThat(done.getJsonObject("metadata").getJsonObject("progress").getInteger("percent")).isEqualTo(100);
    api.assertError(HttpMethod.GET, location + "/wait?timeout=x", null, 400, "invalid_timeout");
    api.assertError(HttpMethod.GET, location + "/wait?timeout=3601", null, 400, "invalid_timeout");
  }

  @Test
  void delete_runningDownload_cancelsItAndLeavesNoFile() {
    h.server.paths("root.tar.xz").throttle(16 * 1024);
    String location = startDownload();
    org.imagecache.testing.Eventually.until(h.vertx, java.time.Duration.ofSeconds(10), "the rootfs download starts",
        () -> h.server.log().stream().anyMatch(a -> a.path().endsWith("root.tar.xz")));
    JsonObject op = api.ok(HttpMethod.DELETE, location).getJsonObject("metadata");
    assertThat(op.getString("status")).isEqualTo("Cancelled");
    assertThat(op.getString("err")).isNotBlank();
    assertThat(h.imageDirEntries()).isEmpty();
    assertThat(api.ok(HttpMethod.GET, location).getJsonObject("metadata").getString("status")).isEqualTo("Cancelled");
  }
}

package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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

/** /1.0/leases over the real router: launch leases held in memory and instance leases in the database. */
@ExtendWith(VertxExtension.class)
class LeaseRoutesIT {
  @TempDir Path dir;
  LookupHarness h;
  ApiCalls api;
  JsonObject lookup;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    api = new ApiCalls(vertx, h.serveApi());
    lookup = api.ok(HttpMethod.POST, "/1.0/lookup", "{\"remote\": \"fixture\", \"alias\": \"testos/1\", \"instance\": \"c1\"}").getJsonObject("metadata");
  }

  @AfterEach
  void stop() {
    api.close();
    h.close();
  }

  private JsonArray list() {
    return api.ok(HttpMethod.GET, "/1.0/leases").getJsonArray("metadata");
  }

  @Test
  void list_showsLaunchAndInstanceLeases() {
    JsonArray all = list();
    assertThat(all).hasSize(2);
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("kind"))).containsExactlyInAnyOrder("launch", "instance");
    assertThat(all.stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactlyInAnyOrder(lookup.getJsonObject("lease").getString("id"), lookup.getJsonObject("instance_lease").getString("id"));
    assertThat(api.ok(HttpMethod.GET, "/1.0/leases?project=other").getJsonArray("metadata")).isEmpty();
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    assertThat(list()).hasSize(1);
  }

  @Test
  void post_createsAnInstanceLease_andDeleteRemovesIt() {
    var resp = api.send(HttpMethod.POST, "/1.0/leases", "{\"fingerprint\": \"" + h.fp1.substring(0, 12) + "\", \"holder\": \"c2\"}");
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(201);
    JsonObject lease = resp.bodyAsJsonObject().getJsonObject("metadata");
    assertThat(lease.getString("kind")).isEqualTo("instance");
    assertThat(lease.getString("holder")).isEqualTo("c2");
    assertThat(lease.getString("expires_at")).isNull();
    assertThat(resp.getHeader("Location")).isEqualTo("/1.0/leases/" + lease.getString("id"));
    assertThat(list()).hasSize(3);

    api.ok(HttpMethod.DELETE, "/1.0/leases/" + lease.getString("id"));
    assertThat(list()).hasSize(2);
    api.assertError(HttpMethod.DELETE, "/1.0/leases/" + lease.getString("id"), null, 404, "lease_not_found");
  }

  @Test
  void delete_launchLease_releasesIt() {
    api.ok(HttpMethod.DELETE, "/1.0/leases/" + lookup.getJsonObject("lease").getString("id"));
    assertThat(list()).extracting(o -> ((JsonObject) o).getString("kind")).containsExactly("instance");
  }

  @Test
  void unknownIdOrImage_is404() {
    api.assertError(HttpMethod.DELETE, "/1.0/leases/instance-nope", null, 404, "lease_not_found");
    api.assertError(HttpMethod.POST, "/1.0/leases", "{\"fingerprint\": \"" + "0".repeat(12) + "\", \"holder\": \"c2\"}", 404, "image_not_found");
    api.assertError(HttpMethod.POST, "/1.0/leases", "{\"fingerprint\": \"" + h.fp1 + "\"}", 400, "invalid_request");
    api.assertError(HttpMethod.DELETE, "/1.0/leases/bad%20id", null, 400, "invalid_lease");
  }
}

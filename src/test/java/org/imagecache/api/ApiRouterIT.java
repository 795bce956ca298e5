package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imagecache.config.ImagesSettings;
import org.imagecache.image.ConflictException;
import org.imagecache.image.InvalidInputException;
import org.imagecache.image.NotFoundException;
import org.imagecache.settings.RuntimeSettings;
import org.imagecache.store.Database;
import org.imagecache.store.Migrations;
import org.imagecache.store.SettingsRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real router on a port-0 server: auth on every route, the envelope, the one error mapper. */
@ExtendWith(VertxExtension.class)
class ApiRouterIT {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  Database db;
  Router router;
  HttpServer server;
  WebClient client;

  /** Routes that fail in each way the mapper knows, next to the real ones. */
  static final class FailingRoutes implements ApiRoutes {
    @Override
    public void register(Router r) {
      r.get("/test/invalid").handler(ctx -> {
        throw new InvalidInputException("invalid_fingerprint", "bad fingerprint");
      });
      r.get("/test/missing").handler(ctx -> ctx.fail(new NotFoundException("image_not_found", "no image")));
      r.get("/test/conflict").handler(ctx -> ctx.fail(new ConflictException("image_in_use", "leased")));
      r.get("/test/bug").handler(ctx -> {
        throw new IllegalStateException("secret internal detail at /var/lib/x");
      });
      r.post("/test/echo").handler(ctx -> Envelope.sync(ctx, Json.bodyObject(ctx)));
    }
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Path file = dir.resolve("imagecache.db");
    Migrations.migrate(file);
    db = Database.open(vertx, file);
    RuntimeSettings settings = RuntimeSettings.load(new ImagesSettings(true, 6, 10), db, new SettingsRepository(), Clock.systemUTC());
    ServerRoutes.ServerInfo info = new ServerRoutes.ServerInfo("test", "x86_64", "127.0.0.1:0", dir.toString(), "1");
    router = ApiRouter.create(vertx, TOKEN::equals, List.of(new ServerRoutes(settings, info), new FailingRoutes()));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    server.close().await();
    db.close();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String token, String body) {
    var req = client.request(method, server.actualPort(), "127.0.0.1", path);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    Future<HttpResponse<Buffer>> f = body == null ? req.send() : req.sendBuffer(Buffer.buffer(body));
    return f.await();
  }

  @Test
  void everyRegisteredRouteRefusesAMissingOrWrongToken() {
    List<String> checked = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.getPath().equals("/healthz")) {
        continue;
      }
      List<HttpMethod> methods = route.methods() == null ? List.of(HttpMethod.GET) : List.copyOf(route.methods());
      for (HttpMethod m : methods) {
        for (String token : new String[] {null, "wrong", TOKEN.substring(1), TOKEN + "0"}) {
          HttpResponse<Buffer> resp = send(m, route.getPath(), token, null);
          assertThat(resp.statusCode()).as("%s %s with token %s", m, route.getPath(), token).isEqualTo(401);
          assertThat(resp.bodyAsJsonObject().getJsonObject("metadata").getString("reason")).isEqualTo("unauthorized");
        }
        checked.add(m + " " + route.getPath());
      }
    }
    assertThat(checked).contains("GET /1.0", "PATCH /1.0");
  }

  @Test
  void healthzNeedsNoToken() {
    HttpResponse<Buffer> resp = send(HttpMethod.GET, "/healthz", null, null);
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.bodyAsJsonObject().getString("status")).isEqualTo("ok");
  }

  @Test
  void mapsDomainFailuresToStatusAndReason() {
    assertError(send(HttpMethod.GET, "/test/invalid", TOKEN, null), 400, "invalid_fingerprint");
    assertError(send(HttpMethod.GET, "/test/missing", TOKEN, null), 404, "image_not_found");
    assertError(send(HttpMethod.GET, "/test/conflict", TOKEN, null), 409, "image_in_use");
    assertError(send(HttpMethod.GET, "/no/such/path", TOKEN, null), 404, "not_found");
    assertError(send(HttpMethod.DELETE, "/1.0", TOKEN, null), 405, "method_not_allowed");
  }

  @Test
  void anUnexpectedFailureIsA500WithoutInternals() {
    HttpResponse<Buffer> resp = send(HttpMethod.GET, "/test/bug", TOKEN, null);
    assertError(resp, 500, "internal_error");
    assertThat(resp.bodyAsString()).doesNotContain("secret").doesNotContain("/var/lib").doesNotContain("Exception");
  }

  @Test
  void refusesBodiesOver64KibAndMalformedJson() {
    String big = "{\"x\":\"" + "a".repeat(ApiRouter.BODY_LIMIT) + "\"}";
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, big), 413, "request_too_large");
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "{\"x\":"), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "[1,2]"), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "[".repeat(10_000)), 400, "invalid_json");
    assertThat(send(HttpMethod.POST, "/test/echo", TOKEN, "{\"x\":1}").bodyAsJsonObject().getJsonObject("metadata"))
        .isEqualTo(new JsonObject().put("x", 1));
  }

  @Test
  void getAndPatchServerConfigInLxdShape() {
    JsonObject info = send(HttpMethod.GET, "/1.0", TOKEN, null).bodyAsJsonObject();
    assertThat(info.getString("type")).isEqualTo("sync");
    assertThat(info.getInteger("status_code")).isEqualTo(200);
    assertThat(info.getJsonObject("metadata").getJsonObject("config").getMap())
        .isEqualTo(Map.of("images.auto_update_cached", "true", "images.auto_update_interval", "6", "images.remote_cache_expiry", "10"));

    HttpResponse<Buffer> patched = send(HttpMethod.PATCH, "/1.0", TOKEN, "{\"config\":{\"images.auto_update_interval\":0,\"images.auto_update_cached\":false}}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().getJsonObject("metadata").getJsonObject("config").getString("images.auto_update_interval")).isEqualTo("0");
    assertThat(db.readNow(new SettingsRepository()::all)).containsEntry("images.auto_update_interval", "0").containsEntry("images.auto_update_cached", "false");
  }

  @Test
  void patchWithABadValueChangesNothing() {
    assertError(send(HttpMethod.PATCH, "/1.0", TOKEN, "{\"config\":{\"images.auto_update_interval\":2,\"images.remote_cache_expiry\":\"x\"}}"), 400, "invalid_config");
    assertError(send(HttpMethod.PATCH, "/1.0", TOKEN, "{\"config\":{\"images.auto_update_interval\":1.5}}"), 400, "invalid_config");
    assertError(send(HttpMethod.PATCH, "/1.0", TOKEN, "{\"config\":\"images.auto_update_interval=1\"}"), 400, "invalid_request");
    assertThat(db.readNow(new SettingsRepository()::all)).isEmpty();
    assertThat(send(HttpMethod.GET, "/1.0", TOKEN, null).bodyAsJsonObject().getJsonObject("metadata").getJsonObject("config").getString("images.auto_update_interval"))
        .isEqualTo("6");
  }

  private static void assertError(HttpResponse<Buffer> resp, int status, String reason) {
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(status);
    JsonObject body = resp.bodyAsJsonObject();
    assertThat(body.getString("type")).isEqualTo("error");
    assertThat(body.getInteger("error_code")).isEqualTo(status);
    assertThat(body.getJsonObject("metadata").getString("reason")).isEqualTo(reason);
  }
}

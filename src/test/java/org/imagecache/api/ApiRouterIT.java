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
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.settings.RuntimeSettings;
import org.imagecache.store.Database;
import org.imagecache.testing.TestDatabase;
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
    db = TestDatabase.open(vertx, dir);
    RuntimeSettings settings = RuntimeSettings.load(new ImagesSettings(true, 6, 10), db, new SettingsRepository(), Clock.systemUTC());
    ServerRoutes.ServerInfo info = new ServerRoutes.ServerInfo("test", "x86_64", "127.0.0.1:0", dir.toString(), "1");
    router = ApiRouter.create(vertx, TOKEN::equals, List.of(new ServerRoutes(settings, info, days -> io.vertx.core.Future.succeededFuture(List.of())), new FailingRoutes()),
        ApiRouter.MetricsRoute.NONE, db::lost);
    server = vertx.createHttpServer().requestHandler(router).invalidRequestHandler(ErrorMapper::invalidRequest).listen(0, "127.0.0.1").await();
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
  void whileTheServiceStopsEveryRequestIsRefusedWithShuttingDown(Vertx vertx) {
    Router stopping = ApiRouter.create(vertx, TOKEN::equals, List.of(new FailingRoutes()), ApiRouter.MetricsRoute.NONE,
        db::lost, () -> true);
    HttpServer other = vertx.createHttpServer().requestHandler(stopping).listen(0, "127.0.0.1").await();
    try {
      for (String path : new String[] {"/1.0", "/healthz", "/test/echo"}) {
        HttpResponse<Buffer> resp = client.request(HttpMethod.GET, other.actualPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TOKEN).send().await();
        assertError(resp, 503, "shutting_down");
        assertThat(resp.getHeader("Connection")).as(path).isEqualTo("close");
      }
    } finally {
      other.close().await();
    }
  }

  @Test
  void healthzNeedsNoToken() {
    HttpResponse<Buffer> resp = send(HttpMethod.GET, "/healthz", null, null);
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.bodyAsJsonObject().getString("status")).isEqualTo("ok");
  }

  @Test
  void headHealthzNeedsNoTokenEither() {
    assertThat(send(HttpMethod.HEAD, "/healthz", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void anEscapeThatIsNotUtf8IsAnInvalidPath() {
    assertError(send(HttpMethod.GET, "/1.0/images/aliases/%c0%af", TOKEN, null), 400, "invalid_path");
  }

  @Test
  void healthzFailsOnceTheDatabaseFileIsGone() throws Exception {
    TestDatabase.assumeSqlite("a database file deleted under the service");
    java.nio.file.Files.delete(dir.resolve("imagecache.db"));
    HttpResponse<Buffer> resp = send(HttpMethod.GET, "/healthz", null, null);
    assertError(resp, 503, "database_lost");
    assertThat(resp.bodyAsJsonObject().getString("error")).contains("imagecache.db").contains("was deleted");
    assertError(send(HttpMethod.PATCH, "/1.0", TOKEN, "{\"config\":{\"images.auto_update_interval\":\"3\"}}"), 503, "database_lost");
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
  void refusesTrailingContentAndDuplicateKeysAsMalformedJson() {
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "{\"x\":1} {\"y\":2}"), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "{\"x\":1} garbage"), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "{\"x\":1,\"x\":2}"), 400, "invalid_json");
    assertError(send(HttpMethod.POST, "/test/echo", TOKEN, "{\"x\":{\"y\":1,\"y\":1}}"), 400, "invalid_json");
  }

  @Test
  void refusesBodiesThatAreNotStrictUtf8() {
    for (byte[] bad : List.of(new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xff})) {
      Buffer body = Buffer.buffer("{\"x\":\"").appendBytes(bad).appendString("\"}");
      HttpResponse<Buffer> resp = client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/test/echo")
          .putHeader("Authorization", "Bearer " + TOKEN).sendBuffer(body).await();
      assertError(resp, 400, "invalid_json");
    }
  }

  @Test
  void readsABodySentAsAFormAsJson() {
    HttpResponse<Buffer> resp = client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/test/echo")
        .putHeader("Authorization", "Bearer " + TOKEN).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("{\"x\":\"50% off & a=b\"}")).await();
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    assertThat(resp.bodyAsJsonObject().getJsonObject("metadata").getString("x")).isEqualTo("50% off & a=b");
  }

  @Test
  void refusesDotSegmentsAndMalformedEscapesInThePath() {
    for (String path : List.of("/1.0/%2e%2e/1.0", "/1.0/x/%2E%2e", "/test/%2e/invalid", "/test/..", "/1.0/%zz", "/1.0/%", "/1.0/%2")) {
      HttpResponse<Buffer> resp = send(HttpMethod.GET, path, TOKEN, null);
      assertError(resp, 400, "invalid_path");
    }
    assertThat(send(HttpMethod.GET, "/1.0/%2e%2e%2e", TOKEN, null).statusCode()).isEqualTo(404);
  }

  @Test
  void routerStatusesWithTheirOwnExceptionKeepTheirStatus() throws Exception {
    String answer = rawExchange("GET /1.0 HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"reason\":\"bad_request\"");
  }

  @Test
  void requestsTheServerCannotDecodeGetTheEnvelope() throws Exception {
    String longLine = rawExchange("GET /1.0/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longLine).contains(" 414 ").contains("\"reason\":\"uri_too_long\"").contains("\"error_code\":414");
    String bigHeader = rawExchange("GET /1.0 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
    assertThat(bigHeader).contains(" 431 ").contains("\"reason\":\"headers_too_large\"");
    String malformed = rawExchange("GET /1.0 HTTP/1.1\r\nHost: x\r\nBad Header: \u0001\r\n\r\n");
    assertThat(malformed).contains(" 400 ").contains("\"reason\":\"malformed_request\"");
    assertThat(send(HttpMethod.GET, "/healthz", null, null).statusCode()).isEqualTo(200);
  }

  /** One HTTP/1.1 exchange over a plain socket (for requests a client library refuses to send); the answer until the server closes. */
  private String rawExchange(String request) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.actualPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
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
    assertError(send(HttpMethod.PATCH, "/1.0", TOKEN, "{\"config\":{\"images.auto_update_interval\":2},\"confg\":{}}"), 400, "unknown_field");
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

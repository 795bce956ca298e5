package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagecache.config.RemoteConfig;
import org.imagecache.demo.StreamGenerator;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.remote.Remotes;
import org.imagecache.testing.FakeStreamsServer;
import org.imagecache.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real router with RemoteRoutes over Remotes: "fake" serves a generated stream, "down" listens nowhere. */
@ExtendWith(VertxExtension.class)
class RemoteRoutesIT {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  FakeStreamsServer streams;
  Remotes remotes;
  HttpServer server;
  WebClient client;
  String fingerprint;
  long imageSize;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Path root = dir.resolve("streams");
    fingerprint = StreamGenerator.write(root, new StreamGenerator.Spec("testos", List.of("1"), List.of("20261101_0000"), List.of("amd64"), 4 * 1024))
        .get("testos:1:amd64:default").get("20261101_0000");
    Path imageDir = root.resolve("images/testos/1/amd64/default/20261101_0000");
    imageSize = Files.size(imageDir.resolve("lxd.tar.xz")) + Files.size(imageDir.resolve("root.tar.xz"));
    streams = FakeStreamsServer.start(vertx, root);
    Map<String, RemoteConfig> configs = new LinkedHashMap<>();
    configs.put("fake", config("fake", streams.baseUrl()));
    configs.put("down", config("down", "http://127.0.0.1:" + closedPort() + "/"));
    remotes = new Remotes(vertx, configs, Files.createDirectories(dir.resolve("catalogs")), MutableClock.at("2026-11-23T00:00:00Z"), "x86_64",
        ImageCacheMetrics.inMemory());
    var router = ApiRouter.create(vertx, TOKEN::equals, List.of(new RemoteRoutes(remotes)));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    server.close().await();
    remotes.close();
    streams.close();
  }

  static RemoteConfig config(String name, String url) {
    return RemoteConfig.builder(name, URI.create(url)).connectTimeout(Duration.ofSeconds(2))
        .idleTimeout(Duration.ofSeconds(2)).maxCatalogBytes(1024 * 1024).maxCatalogTotalBytes(2 * 1024 * 1024).build();
  }

  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path) {
    return client.request(method, server.actualPort(), "127.0.0.1", path).timeout(10_000).putHeader("Authorization", "Bearer " + TOKEN).send().await();
  }

  private JsonObject ok(HttpMethod method, String path) {
    HttpResponse<Buffer> resp = send(method, path);
    assertThat(resp.statusCode()).as("%s %s: %s", method, path, resp.bodyAsString()).isEqualTo(200);
    JsonObject body = resp.bodyAsJsonObject();
    assertThat(body.getString("type")).isEqualTo("sync");
    return body;
  }

  private static void assertError(HttpResponse<Buffer> resp, int status, String reason) {
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(status);
    JsonObject body = resp.bodyAsJsonObject();
    assertThat(body.getString("type")).isEqualTo("error");
    assertThat(body.getInteger("error_code")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getJsonObject("metadata").getString("reason")).isEqualTo(reason);
  }

  @Test
  void listsRemotesAsUrlsAndAsStatusObjects() {
    assertThat(ok(HttpMethod.GET, "/1.0/remotes").getJsonArray("metadata").getList())
        .containsExactly("/1.0/remotes/fake", "/1.0/remotes/down");
    JsonArray statuses = ok(HttpMethod.GET, "/1.0/remotes?recursion=1").getJsonArray("metadata");
    assertThat(statuses).hasSize(2);
    JsonObject fake = statuses.getJsonObject(0);
    assertThat(fake.getString("name")).isEqualTo("fake");
    assertThat(fake.getString("url")).isEqualTo(streams.baseUrl());
    assertThat(fake.getString("protocol")).isEqualTo("simplestreams");
    assertThat(fake.getString("status")).isEqualTo("unknown");
  }

  @Test
  void showsOneRemoteWithItsCounts() {
    ok(HttpMethod.GET, "/1.0/remotes/fake/images");
    JsonObject fake = ok(HttpMethod.GET, "/1.0/remotes/fake").getJsonObject("metadata");
    assertThat(fake.getString("status")).isEqualTo("ok");
    assertThat(fake.getString("url")).isEqualTo(streams.baseUrl());
    assertThat(fake.getInteger("images")).isEqualTo(1);
    assertThat(fake.getInteger("aliases")).isPositive();
    assertThat(fake.getString("fetched_at")).isNotBlank();
  }

  @Test
  void listsImagesAsUrlsAndAsLxdImageObjects() {
    assertThat(ok(HttpMethod.GET, "/1.0/remotes/fake/images").getJsonArray("metadata").getList())
        .containsExactly("/1.0/remotes/fake/images/" + fingerprint);

    JsonArray images = ok(HttpMethod.GET, "/1.0/remotes/fake/images?recursion=1").getJsonArray("metadata");
    assertThat(images).hasSize(1);
    JsonObject image = images.getJsonObject(0);
    assertThat(image.getString("fingerprint")).isEqualTo(fingerprint);
    assertThat(image.getString("architecture")).isEqualTo("x86_64");
    assertThat(image.getString("type")).isEqualTo("container");
    assertThat(image.getJsonArray("aliases").getList())
        .contains(Map.of("name", "testos/1", "description", ""), Map.of("name", "testos/1/default", "description", ""));
    assertThat(image.getJsonObject("properties").getString("os")).isEqualTo("testos");
    assertThat(image.getJsonObject("properties").getString("release")).isEqualTo("1");
    assertThat(image.getLong("size")).isEqualTo(imageSize);
    assertThat(image.getString("created_at")).startsWith("2026-11-01T00:00");
  }

  @Test
  void showsOneImageByAPrefix() {
    JsonObject image = ok(HttpMethod.GET, "/1.0/remotes/fake/images/" + fingerprint.substring(0, 12)).getJsonObject("metadata");
    assertThat(image.getString("fingerprint")).isEqualTo(fingerprint);
    assertError(send(HttpMethod.GET, "/1.0/remotes/fake/images/" + "0".repeat(12)), 404, "image_not_found");
    assertError(send(HttpMethod.GET, "/1.0/remotes/fake/images/xyz"), 400, "invalid_fingerprint");
  }

  @Test
  void refreshFetchesNowAndAnswersTheStatus() {
    JsonObject status = ok(HttpMethod.POST, "/1.0/remotes/fake/refresh").getJsonObject("metadata");
    assertThat(status.getString("status")).isEqualTo("ok");
    assertThat(status.getInteger("images")).isEqualTo(1);
    assertThat(streams.served("index.json")).isEqualTo(1);
  }

  @Test
  void anUnknownRemoteIs404() {
    assertError(send(HttpMethod.GET, "/1.0/remotes/nope"), 404, "unknown_remote");
    assertError(send(HttpMethod.GET, "/1.0/remotes/nope/images"), 404, "unknown_remote");
    assertError(send(HttpMethod.POST, "/1.0/remotes/nope/refresh"), 404, "unknown_remote");
  }

  @Test
  void aRemoteDownWithNoCatalogIs503() {
    assertError(send(HttpMethod.GET, "/1.0/remotes/down/images"), 503, "remote_unavailable");
    assertError(send(HttpMethod.GET, "/1.0/remotes/down/images/" + fingerprint.substring(0, 12)), 503, "remote_unavailable");
    assertError(send(HttpMethod.POST, "/1.0/remotes/down/refresh"), 503, "remote_unavailable");
    JsonObject down = ok(HttpMethod.GET, "/1.0/remotes/down").getJsonObject("metadata");
    assertThat(down.getString("status")).isEqualTo("failing");
    assertThat(down.getString("last_error")).contains("down");
  }

  @Test
  void aBadRecursionValueIs400() {
    assertError(send(HttpMethod.GET, "/1.0/remotes?recursion=x"), 400, "invalid_recursion");
    assertError(send(HttpMethod.GET, "/1.0/remotes/fake/images?recursion=3"), 400, "invalid_recursion");
  }
}

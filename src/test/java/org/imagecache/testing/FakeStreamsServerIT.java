package org.imagecache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imagecache.demo.StreamGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The test helper itself: each fault does what its documentation says. */
@ExtendWith(VertxExtension.class)
class FakeStreamsServerIT {
  static final String INDEX = "/streams/v1/index.json";
  static final String IMAGES = "/streams/v1/images.json";

  @TempDir Path dir;
  FakeStreamsServer server;
  WebClient client;
  byte[] index;
  byte[] images;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    StreamGenerator.write(dir, new StreamGenerator.Spec("testos", List.of("1"), List.of("20261101_0000"), List.of("amd64"), 1024));
    index = Files.readAllBytes(dir.resolve(INDEX.substring(1)));
    images = Files.readAllBytes(dir.resolve(IMAGES.substring(1)));
    server = FakeStreamsServer.start(vertx, dir);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private HttpResponse<Buffer> get(String path) {
    return client.getAbs(server.baseUrl() + path.substring(1)).timeout(10_000).send().await();
  }

  @Test
  void servesFilesWithValidatorsAndLogsEveryAnswer() {
    HttpResponse<Buffer> ok = get(INDEX);
    assertThat(ok.body().getBytes()).isEqualTo(index);
    assertThat(ok.getHeader("ETag")).isNotBlank();
    String etag = ok.getHeader("ETag");
    HttpResponse<Buffer> again = client.getAbs(server.baseUrl() + INDEX.substring(1)).putHeader("If-None-Match", etag).send().await();
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(get("/nothing.json").statusCode()).isEqualTo(404);
    assertThat(get("/../etc/passwd").statusCode()).isEqualTo(404);
    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(200, 304, 404, 404);
    assertThat(server.served("index.json")).isEqualTo(1);
    server.clearLog();
    assertThat(server.log()).isEmpty();
  }

  @Test
  void faultsApplyToTheLongestMatchingSuffixUntilHealthy() {
    server.failWith(503);
    server.paths("images.json").failWith(500);
    assertThat(get(INDEX).statusCode()).isEqualTo(503);
    assertThat(get(IMAGES).statusCode()).isEqualTo(500);
    server.healthy();
    assertThat(get(INDEX).statusCode()).isEqualTo(200);
  }

  @Test
  void bodyFaultsChangeWhatIsSent() {
    server.truncateAfter(10);
    assertThat(get(IMAGES).body().getBytes()).isEqualTo(java.util.Arrays.copyOf(images, 10));
    server.extraBytes(5);
    HttpResponse<Buffer> extra = get(IMAGES);
    assertThat(extra.body().length()).isEqualTo(images.length + 5);
    assertThat(extra.getHeader("Content-Length")).isNull();
    server.corrupt();
    byte[] corrupt = get(IMAGES).body().getBytes();
    assertThat(corrupt).hasSameSizeAs(images).isNotEqualTo(images);
    server.hugeHeaders(4);
    assertThat(get(INDEX).getHeader("X-Padding")).hasSize(4 * 1024);
    server.resetAfter(10);
    assertThatThrownBy(() -> get(IMAGES)).isNotNull();
  }

  @Test
  void throttleSendsSlowlyButCompletely() {
    server.throttle(images.length * 4L);
    long start = System.nanoTime();
    assertThat(get(IMAGES).body().getBytes()).isEqualTo(images);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(150));
  }

  @Test
  void swapsTheRootAtRuntime() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other/streams/v1"));
    Files.writeString(other.resolve("index.json"), "{}");
    server.root(dir.resolve("other"));
    assertThat(get(INDEX).bodyAsString()).isEqualTo("{}");
  }
}

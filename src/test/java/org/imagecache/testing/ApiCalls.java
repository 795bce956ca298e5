package org.imagecache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** A WebClient on the harness's router with the token, and the envelope checks the route tests share. */
public final class ApiCalls implements AutoCloseable {
  private final WebClient client;
  private final int port;

  public ApiCalls(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
    this.port = port;
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, String body) {
    HttpRequest<Buffer> req = client.request(method, port, "127.0.0.1", path).timeout(20_000)
        .putHeader("Authorization", "Bearer " + LookupHarness.TOKEN);
    return (body == null ? req.send() : req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))).await();
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path) {
    return send(method, path, null);
  }

  /** A sync answer with this status; returns the body. */
  public JsonObject expect(int status, HttpMethod method, String path, String body) {
    HttpResponse<Buffer> resp = send(method, path, body);
    assertThat(resp.statusCode()).as("%s %s: %s", method, path, resp.bodyAsString()).isEqualTo(status);
    JsonObject json = resp.bodyAsJsonObject();
    assertThat(json.getString("type")).isEqualTo(status == 202 ? "async" : "sync");
    return json;
  }

  public JsonObject ok(HttpMethod method, String path, String body) {
    return expect(200, method, path, body);
  }

  public JsonObject ok(HttpMethod method, String path) {
    return expect(200, method, path, null);
  }

  public static void assertError(HttpResponse<Buffer> resp, int status, String reason) {
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(status);
    JsonObject body = resp.bodyAsJsonObject();
    assertThat(body.getString("type")).isEqualTo("error");
    assertThat(body.getInteger("error_code")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getJsonObject("metadata").getString("reason")).isEqualTo(reason);
  }

  public void assertError(HttpMethod method, String path, String body, int status, String reason) {
    assertError(send(method, path, body), status, reason);
  }

  @Override
  public void close() {
    client.close();
  }
}

package org.imagecache.suites.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client of the service's API, with or without a bearer token. */
public final class HttpApi {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public HttpApi(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same server with another token (null: none). */
  public HttpApi withToken(String otherToken) {
    return new HttpApi(base, otherToken);
  }

  /** Status and parsed body of one exchange. */
  public record Response(int status, JsonNode body, String raw) {
    public JsonNode metadata() {
      return body.path("metadata");
    }

    public String reason() {
      return body.path("metadata").path("reason").asText("");
    }

    public String error() {
      return body.path("error").asText("");
    }
  }

  public Response get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  public Response patch(String path, String json) throws IOException, InterruptedException {
    return send("PATCH", path, json);
  }

  public Response post(String path, String json) throws IOException, InterruptedException {
    return send("POST", path, json);
  }

  public Response delete(String path) throws IOException, InterruptedException {
    return send("DELETE", path, null);
  }

  public Response send(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body());
    } catch (IOException e) {
      body = JSON.nullNode();
    }
    return new Response(resp.statusCode(), body, resp.body());
  }

  /** The fingerprints of the default project's images. */
  /** The value of an unlabelled counter or gauge in {@code GET /metrics} ({@code imagecache_scheduled_prunes_total}). */
  public double metric(String name) throws IOException, InterruptedException {
    Response r = get("/metrics");
    if (r.status() != 200) {
      throw new IllegalStateException("GET /metrics answered " + r.status() + ": " + r.raw());
    }
    return r.raw().lines().filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no metric " + name + " in GET /metrics"));
  }

  /**
   * Waits until what the service writes behind (last uses, launch leases) up to now is in its database:
   * two more flushes have succeeded, so one began after this call.
   */
  public void awaitWrittenBehind() throws Exception {
    double flushes = metric(WRITE_BEHIND_FLUSHES);
    Poll.until(() -> metric(WRITE_BEHIND_FLUSHES) >= flushes + 2);
  }

  private static final String WRITE_BEHIND_FLUSHES = "imagecache_write_behind_flushes_total";

  public java.util.List<String> imageFingerprints() throws IOException, InterruptedException {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (JsonNode i : get("/1.0/images?recursion=1").metadata()) {
      out.add(i.path("fingerprint").asText());
    }
    return out;
  }

  boolean isHealthy() {
    try {
      return get("/healthz").status() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

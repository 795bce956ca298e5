package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The CLI's HTTP client of the running service's API (as {@code lxc} talks to {@code lxd}). */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final String token;
  private final HttpClient http;

  public ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /**
   * Sends a request and returns the envelope's {@code metadata}.
   *
   * @throws CliException with the service's error and reason, or saying the service is not running
   */
  public JsonNode send(String method, String path, Object body) {
    return envelope(method, path, body).path("metadata");
  }

  /**
   * Sends a request and returns the whole envelope (for an async answer: {@code operation} at its top level).
   *
   * @throws CliException as {@link #send}
   */
  public JsonNode envelope(String method, String path, Object body) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path))
          .timeout(Duration.ofMinutes(30))
          .header("Authorization", "Bearer " + token)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (body != null) {
        req.header("Content-Type", "application/json");
      }
      HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      return envelopeOf(resp);
    } catch (ConnectException e) {
      throw new CliException("the imagecache service is not running at " + base + " (connection refused); start it with: java -jar target/imagecache.jar serve");
    } catch (HttpTimeoutException e) {
      throw new CliException("imagecache at " + base + " did not answer in time");
    } catch (IOException e) {
      throw new CliException("cannot reach imagecache at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private JsonNode envelopeOf(HttpResponse<byte[]> resp) throws IOException {
    JsonNode env;
    try {
      env = JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new CliException("unexpected answer from " + base + " (HTTP " + resp.statusCode() + ", not JSON)");
    }
    if (env == null || resp.statusCode() >= 400 || "error".equals(env.path("type").asText())) {
      String error = env == null ? "HTTP " + resp.statusCode() : env.path("error").asText("HTTP " + resp.statusCode());
      String reason = env == null ? "" : env.path("metadata").path("reason").asText("");
      throw new CliException(error + (reason.isEmpty() ? "" : " (" + reason + ")"), reason);
    }
    return env;
  }
}

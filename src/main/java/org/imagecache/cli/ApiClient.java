package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/** The CLI's HTTP client of the running service's API (as {@code lxc} talks to {@code lxd}). */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CloseableHttpClient HTTP = HttpClients.custom()
      .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
          .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).build())
          .setTlsSocketStrategy(new LazyTls())
          .build())
      .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMinutes(30)).build())
      .disableAutomaticRetries()
      .disableCookieManagement()
      .disableRedirectHandling()
      .build();
  private final URI base;
  private final String token;
  private final String tokenSource;

  /** @param tokenSource where the token came from, named when the service refuses it */
  public ApiClient(URI base, String token, String tokenSource) {
    this.base = base;
    this.token = token;
    this.tokenSource = tokenSource;
  }

  private record Answer(int status, byte[] body) {}

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public JsonNode post(String path, @Nullable Object body) {
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
  public JsonNode send(String method, String path, @Nullable Object body) {
    return envelope(method, path, body).path("metadata");
  }

  /**
   * Sends a request and returns the whole envelope (for an async answer: {@code operation} at its top level).
   *
   * @throws CliException as {@link #send}
   */
  public JsonNode envelope(String method, String path, @Nullable Object body) {
    try {
      ClassicRequestBuilder req = ClassicRequestBuilder.create(method).setUri(base.resolve(path))
          .addHeader("Authorization", "Bearer " + token);
      if (body != null) {
        req.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
      }
      ClassicHttpRequest request = req.build();
      Answer answer = HTTP.execute(request, resp -> new Answer(resp.getCode(),
          resp.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(resp.getEntity())));
      return envelopeOf(answer);
    } catch (ConnectException e) {
      throw new CliException("the imagecache service is not running at " + base + " (connection refused); start it with: " + Installation.current().startCommand());
    } catch (InterruptedIOException e) {
      throw new CliException("imagecache at " + base + " did not answer in time");
    } catch (IOException e) {
      throw new CliException("cannot reach imagecache at " + base + ": " + e.getMessage());
    }
  }

  private JsonNode envelopeOf(Answer resp) {
    JsonNode env;
    try {
      env = JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new CliException("unexpected answer from " + base + " (HTTP " + resp.status() + ", not JSON)");
    }
    if (env == null || env.isMissingNode() || resp.status() >= 400 || "error".equals(env.path("type").asText())) {
      boolean none = env == null || env.isMissingNode();
      String error = none ? "HTTP " + resp.status() : env.path("error").asText("HTTP " + resp.status());
      String reason = none ? "" : env.path("metadata").path("reason").asText("");
      String refused = resp.status() == 401 ? "; the token came from " + tokenSource : "";
      throw new CliException(error + (reason.isEmpty() ? "" : " (" + reason + ")") + refused, reason);
    }
    return env;
  }

  /** The default TLS set-up, made at the first https:// request: an http:// call never loads the TLS stack. */
  private static final class LazyTls implements TlsSocketStrategy {
    private @Nullable TlsSocketStrategy tls;

    @Override
    public synchronized SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context) throws IOException {
      if (tls == null) {
        tls = DefaultClientTlsStrategy.createDefault();
      }
      return tls.upgrade(socket, target, port, attachment, context);
    }
  }
}

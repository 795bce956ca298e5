package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.testing.ApiCalls;
import org.imagecache.testing.LookupHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics over the real router and graph, on a Vert.x built with the metrics options: our names,
 * Vert.x's HTTP server metrics in the same scrape, and the token rule ({@code metrics.require_token}).
 */
class MetricsRouteIT {
  private static final String LOOKUP = "{\"remote\": \"fixture\", \"alias\": \"testos/1\"}";

  @TempDir Path dir;
  ImageCacheMetrics metrics;
  Vertx vertx;
  LookupHarness h;
  ApiCalls api;
  WebClient anonymous;
  int port;

  private void start(boolean requireToken) {
    metrics = ImageCacheMetrics.prometheus();
    vertx = metrics.vertx();
    h = LookupHarness.start(vertx, dir, metrics);
    port = h.serveApi(new ApiRouter.MetricsRoute(metrics, requireToken));
    api = new ApiCalls(vertx, port);
    anonymous = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      api.close();
      anonymous.close();
      h.close();
      vertx.close().await();
    }
  }

  private String scrape() {
    HttpResponse<Buffer> resp = api.send(HttpMethod.GET, "/metrics");
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    assertThat(resp.getHeader("Content-Type")).startsWith("text/plain");
    return resp.bodyAsString();
  }

  private static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void scrape_hasOurNamesAndVertxHttpServerMetrics_andCountsACachedLookup() {
    start(true);
    api.ok(HttpMethod.POST, "/1.0/lookup", LOOKUP);
    String before = scrape();
    double cached = value(before, "imagecache_lookups_total{outcome=\"cached\"}");
    assertThat(value(before, "imagecache_lookups_total{outcome=\"downloaded\"}")).isEqualTo(1);

    api.ok(HttpMethod.POST, "/1.0/lookup", LOOKUP);
    String after = scrape();

    assertThat(value(after, "imagecache_lookups_total{outcome=\"cached\"}")).isEqualTo(cached + 1);
    assertThat(after).contains(
        "imagecache_lookup_duration_seconds_bucket{outcome=\"cached\"",
        "imagecache_downloads_total{result=\"ok\"} 1.0",
        "imagecache_download_bytes_total",
        "imagecache_download_duration_seconds_count 1",
        "imagecache_catalog_fetches_total{remote=\"fixture\",result=\"fetched\"}",
        "imagecache_catalog_age_seconds{remote=\"fixture\"}",
        "imagecache_auto_update_rounds_total",
        "imagecache_scheduled_prunes_total",
        "imagecache_write_behind_flushes_total",
        "imagecache_write_behind_failures_total",
        "imagecache_deleted_bytes_total",
        "imagecache_deletions_blocked_total",
        "imagecache_store_used_bytes",
        "imagecache_store_free_bytes",
        "imagecache_leases{kind=\"launch\"} 1.0",
        "vertx_http_server_requests_total");
    assertThat(value(after, "imagecache_store_used_bytes")).isPositive();
  }

  @Test
  void metrics_needsTheTokenByDefault() {
    start(true);
    HttpResponse<Buffer> resp = anonymous.get(port, "127.0.0.1", "/metrics").send().await();
    ApiCalls.assertError(resp, 401, "unauthorized");
  }

  @Test
  void metrics_withoutRequireToken_isOpenLikeHealthz() {
    start(false);
    api.ok(HttpMethod.POST, "/1.0/lookup", LOOKUP);
    HttpResponse<Buffer> resp = anonymous.get(port, "127.0.0.1", "/metrics").send().await();
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.bodyAsString()).contains("imagecache_lookups_total", "vertx_http_server_requests_total");
    // the rest of the API still needs it
    ApiCalls.assertError(anonymous.get(port, "127.0.0.1", "/1.0/images").send().await(), 401, "unauthorized");
  }

  @Test
  void requestsWithInventedMethodsShareOneSeries() throws Exception {
    start(true);
    for (int i = 0; i < 50; i++) {
      String method = "X" + "M".repeat(200) + i;
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.getOutputStream().write((method + " /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getInputStream().readAllBytes();
      }
    }
    String scrape = scrape();
    java.util.Set<String> methods = new java.util.TreeSet<>();
    Matcher m = Pattern.compile("vertx_http_server_requests_total\\{[^}]*method=\"([^\"]*)\"").matcher(scrape);
    while (m.find()) {
      methods.add(m.group(1));
    }
    assertThat(methods).contains("OTHER").allMatch(x -> x.equals("OTHER") || x.length() <= 7);
    assertThat(scrape).doesNotContain("MMMMMMMMMM");
  }
}

package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --log-format json}: every line the process writes (stdout and stderr) is one JSON
 * object, from the first (the effective configuration) to the last (stopped); {@code log.level} set by
 * {@code --set} applies. Also: GET /metrics needs the token by default and answers the Prometheus text.
 */
class LogFormatSuite {
  @TempDir Path work;

  @Test
  void jsonLogFormat_everyLineIsAJsonObject() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    String log;
    try (ImageCacheProcess svc = ImageCacheProcess.create(work, "").start("--log-format", "json", "--set", "log.level=debug")) {
      HttpApi.Response lookup = svc.api().post("/1.0/lookup", "{\"remote\":\"demo\",\"alias\":\"testos/1\"}");
      assertThat(lookup.status()).as(lookup.raw()).isEqualTo(200);
      assertThat(new HttpApi(svc.baseUrl(), null).get("/metrics").status()).isEqualTo(401);
      HttpApi.Response metrics = svc.api().get("/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.raw()).contains("imagecache_lookups_total{outcome=\"downloaded\"} 1.0", "vertx_http_server_requests_total");
      assertThat(svc.stop()).isZero();
      log = svc.logText();
    }
    for (String line : log.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = HttpApi.JSON.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      lines.add(node);
    }
    List<String> messages = lines.stream().map(n -> n.path("formattedMessage").asText()).toList();
    assertThat(messages).anyMatch(m -> m.startsWith("effective configuration: ") && m.contains(" listen=127.0.0.1:") && m.contains(" log.level=debug"));
    assertThat(messages).anyMatch(m -> m.startsWith("imagecache ") && m.contains("listening on"));
    assertThat(messages).anyMatch(m -> m.startsWith("downloaded image "));
    assertThat(messages.get(messages.size() - 1)).isEqualTo("stopped");
    assertThat(lines).allMatch(n -> n.hasNonNull("level") && n.hasNonNull("loggerName") && n.hasNonNull("timestamp"));
    assertThat(lines).anyMatch(n -> n.path("level").asText().equals("DEBUG"));
  }
}

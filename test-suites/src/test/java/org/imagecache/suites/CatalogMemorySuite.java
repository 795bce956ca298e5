package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote whose index lists twelve products files of 30 MiB, each within {@code max_catalog_size},
 * 360 MiB together, against the service at {@code -Xmx256m}: that remote is refused with
 * {@code catalog_too_large} once its documents pass {@code max_catalog_total}, and the service (and
 * another remote) keeps working, then and after a restart.
 */
class CatalogMemorySuite {
  @TempDir Path work;

  @Test
  void manyLargeProductsFilesAreRefusedTogetherAndTheServiceStaysUp() throws Exception {
    Path big = Files.createDirectories(work.resolve("big/streams/v1"));
    Path one = big.resolve("p0.json");
    try (OutputStream out = Files.newOutputStream(one)) {
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      out.write("{\"format\":\"products:1.0\",\"products\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = 0; i < 30; i++) {
        out.write(spaces);
      }
    }
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i > 0) {
        Files.createLink(big.resolve("p" + i + ".json"), one);
      }
      entries.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"datatype\":\"image-downloads\",\"path\":\"streams/v1/p")
          .append(i).append(".json\",\"format\":\"products:1.0\",\"products\":[\"x\"]}");
    }
    Files.writeString(big.resolve("index.json"), "{\"format\":\"index:1.0\",\"index\":{" + entries + "}}");
    Path small = work.resolve("small");
    String fp = Streams.make(small, "amd64", "64KiB", "20261101_0000").get("20261101_0000");

    try (StreamServer bigServer = StreamServer.serve(work.resolve("big")); StreamServer smallServer = StreamServer.serve(small);
        ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  big:\n    url: " + bigServer.url()
            + "\n  small:\n    url: " + smallServer.url() + "\n")) {
      svc.start();
      HttpApi api = svc.api();
      for (int round = 0; round < 2; round++) {
        HttpApi.Response refused = api.post("/1.0/lookup", "{\"remote\":\"big\",\"alias\":\"x\"}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(502);
        assertThat(refused.reason()).isEqualTo("catalog_too_large");
        assertThat(refused.body().path("error").asText()).contains("together").contains("remotes.big.max_catalog_total");
        HttpApi.Response ok = api.post("/1.0/lookup", "{\"remote\":\"small\",\"alias\":\"testos/1\"}");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.metadata().path("fingerprint").asText()).isEqualTo(fp);
        assertThat(svc.stop()).isZero();
        assertThat(svc.logText()).doesNotContain("OutOfMemoryError");
        svc.start();
      }
      assertThat(bigServer.log().stream().filter(a -> a.path().matches(".*/p\\d+\\.json")).count())
          .as("five documents a try, one after the other (four held, the fifth refused by its length), two tries").isEqualTo(10);
    }
  }
}

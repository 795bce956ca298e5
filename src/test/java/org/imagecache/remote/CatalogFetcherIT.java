package org.imagecache.remote;

import org.imagecache.failure.RemoteException;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A remote whose catalog documents are each within their bound but too large together. */
class CatalogFetcherIT extends RemoteCatalogTestBase {
  @Test
  void documentsTooLargeTogetherAreRefusedBeforeTheirSumIsHeld() throws Exception {
    byte[] products = Files.readAllBytes(streams.resolve("streams/v1/images.json"));
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      Files.write(streams.resolve("streams/v1/p" + i + ".json"), pad(products, 300 * 1024));
      entries.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"datatype\":\"image-downloads\",\"path\":\"streams/v1/p")
          .append(i).append(".json\",\"format\":\"products:1.0\",\"products\":[\"").append(PRODUCT).append("\"]}");
    }
    Files.writeString(streams.resolve("streams/v1/index.json"), "{\"format\":\"index:1.0\",\"index\":{" + entries + "}}");
    // 1 MiB a document, 1 MiB together: three documents of 300 KiB fit, the fourth does not
    RemoteCatalog bounded = newCatalog(config.toBuilder().maxCatalogTotalBytes(1024 * 1024).build());

    RemoteException e = failure(bounded);
    assertThat(e.reason()).isEqualTo("catalog_too_large");
    assertThat(e.getMessage()).contains("fake").contains("together").contains("max_catalog_total");
    assertThat(server.log()).filteredOn(a -> a.path().matches(".*/p\\d+\\.json")).as("fetched one after the other, stopped at the bound")
        .hasSize(4);
    assertThat(server.log()).filteredOn(a -> a.path().matches(".*/p\\d+\\.json") && a.status() == 200).hasSize(4);
    assertThat(bounded.status().status()).isEqualTo("failing");
    assertThat(bounded.status().lastError()).contains("max_catalog_total");
  }

  /** The products document with whitespace after it up to {@code size} bytes (still the same JSON). */
  private static byte[] pad(byte[] doc, int size) {
    byte[] out = new byte[Math.max(size, doc.length)];
    System.arraycopy(doc, 0, out, 0, doc.length);
    java.util.Arrays.fill(out, doc.length, out.length, (byte) ' ');
    return out;
  }

}

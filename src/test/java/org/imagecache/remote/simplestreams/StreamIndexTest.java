package org.imagecache.remote.simplestreams;

import org.imagecache.failure.CatalogFormatException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.remote.simplestreams.TestStreams.bytes;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.products;
import static org.imagecache.remote.simplestreams.TestStreams.splitVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The index: entries, what is skipped, and building a catalog through it. */
class StreamIndexTest {
  private static byte[] index(Map<String, Object> entries) {
    return bytes(map("format", "index:1.0", "index", entries));
  }

  private static Map<String, Object> entry(String datatype, String path) {
    return map("datatype", datatype, "path", path, "products", List.of("p"), "format", "products:1.0");
  }

  @Test
  void onlyImageDownloadsEntriesAreUsedAndNonObjectsAreSkipped() {
    StreamIndex index = StreamIndex.parse(index(map("ids", entry("image-ids", "streams/v1/ids.json"),
        "dl", entry("image-downloads", "streams/v1/dl.json"), "updated", "Thu, 18 May 2017")), "index.json");
    assertThat(index.entries()).extracting(IndexEntry::contentId).containsExactly("ids", "dl");
    assertThat(index.imageDownloads()).containsExactly(
        new IndexEntry("dl", "image-downloads", "streams/v1/dl.json", List.of("p")));
    assertThat(index.warnings()).containsExactly("index.json: skipped index[\"updated\"], which is not an object");
  }

  @Test
  void brokenIndexesAreCatalogFormatErrors() {
    assertThatThrownBy(() -> StreamIndex.parse("{\"index\": \"x\"}".getBytes(StandardCharsets.UTF_8), "i"))
        .isInstanceOf(CatalogFormatException.class).hasMessage("i: index must be an object, found a string");
    assertThatThrownBy(() -> StreamIndex.parse(index(map("e", map("datatype", "image-downloads"))), "i"))
        .hasMessage("i: index[\"e\"].path is missing");
    assertThatThrownBy(() -> StreamIndex.parse(index(map("e", map("path", "p", "products", "x"))), "i"))
        .hasMessage("i: index[\"e\"].products must be an array, found a string");
    assertThatThrownBy(() -> StreamIndex.parse(index(map("e", map("path", "p", "products", List.of(1)))), "i"))
        .hasMessageContaining("must be an array of strings");
    assertThatThrownBy(() -> StreamIndex.parse("{}".getBytes(StandardCharsets.UTF_8), "i"))
        .hasMessage("i: index is missing");
  }

  @Test
  void buildFetchesEachImageDownloadsPathOnceAndSkipsUnsafeOnes() {
    byte[] dl = products(map("p", product("amd64", "a", map("20240101", splitVersion(10)))));
    List<String> asked = new ArrayList<>();
    Catalog catalog = CatalogBuilder.build(index(map(
        "ids", entry("image-ids", "streams/v1/ids.json"),
        "dl", entry("image-downloads", "streams/v1/dl.json"),
        "again", entry("image-downloads", "streams/v1/dl.json"),
        "evil", entry("image-downloads", "../evil.json"),
        "empty", map("datatype", "image-downloads", "path", "streams/v1/none.json"))),
        path -> {
          asked.add(path);
          return dl;
        }, "x86_64");
    assertThat(asked).containsExactly("streams/v1/dl.json");
    assertThat(catalog.images()).hasSize(2);
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("index[\"evil\"].path"))
        .anyMatch(w -> w.contains("index[\"empty\"] announces no products"));
  }

  @Test
  void aProductsFileThatIsNotSuppliedIsAnError() {
    assertThatThrownBy(() -> CatalogBuilder.build(index(map("dl", entry("image-downloads", "x.json"))),
        path -> null, "x86_64")).isInstanceOf(CatalogFormatException.class).hasMessageContaining("x.json");
  }

  @Test
  void errorsInAProductsFileNameThatFile() {
    assertThatThrownBy(() -> CatalogBuilder.build(index(map("dl", entry("image-downloads", "streams/v1/x.json"))),
        path -> "{\"products\": []}".getBytes(StandardCharsets.UTF_8), "x86_64"))
        .hasMessage("streams/v1/x.json: products must be an object, found an array");
  }
}

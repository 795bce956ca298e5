package org.imagecache.remote.simplestreams;

import org.imagecache.failure.CatalogFormatException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.remote.simplestreams.TestStreams.catalog;
import static org.imagecache.remote.simplestreams.TestStreams.fp;
import static org.imagecache.remote.simplestreams.TestStreams.item;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.version;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Documents that cannot be read, and items that are refused. */
class FormatErrorsTest {
  private static Catalog parse(String json) {
    return CatalogBuilder.fromProducts(json.getBytes(StandardCharsets.UTF_8), "p.json", "x86_64");
  }

  private static Map<String, Object> oneImage(String rootPath, Object rootSize) {
    return map("p", product("amd64", "a", map("20240101", version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "ok/lxd.tar.xz", 1, fp(100), "combined_squashfs_sha256", fp(1)),
        "sq", map("ftype", "squashfs", "path", rootPath, "size", rootSize, "sha256", fp(101)))))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "\"x\"", "{", "{\"products\": {", "{\"products\": {}} x",
      "{\"products\": {}} {}", "{\"products\": 3}", "{\"a\": 1}", "nul"})
  void unreadableDocumentsAreCatalogFormatErrors(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(CatalogFormatException.class)
        .hasMessageStartingWith("p.json: ")
        .satisfies(e -> assertThat(((CatalogFormatException) e).reason()).isEqualTo("catalog_invalid"));
  }

  @Test
  void wrongTypesAreNamedByTheirPathInTheDocument() {
    assertThatThrownBy(() -> parse("{\"products\": {\"x\": {\"versions\": {\"y\": {\"items\": {\"z\":"
        + " {\"size\": \"12\"}}}}}}}"))
        .hasMessage("p.json: products[\"x\"].versions[\"y\"].items[\"z\"].size must be an integer, found a string");
    assertThatThrownBy(() -> parse("{\"products\": {\"x\": \"debian\"}}"))
        .hasMessage("p.json: products[\"x\"] must be an object, found a string");
    assertThatThrownBy(() -> parse("{\"products\": {\"x\": {\"arch\": [\"amd64\"]}}}"))
        .hasMessage("p.json: products[\"x\"].arch must be a string, found an array");
    assertThatThrownBy(() -> parse("{\"products\": {\"x\": {\"versions\": {\"y\": {\"items\": {\"z\":"
        + " {\"size\": 1.5}}}}}}}")).hasMessageContaining("size must be an integer, found a fractional number");
    assertThatThrownBy(() -> parse("{\"products\": {\"x\": {\"requirements\": {\"a\": 1}}}}"))
        .hasMessage("p.json: products[\"x\"].requirements[\"a\"] must be a string, found an integer");
  }

  @Test
  void malformedJsonNamesTheLine() {
    assertThatThrownBy(() -> parse("{\n\"products\": {\n\"x\": {,}}}"))
        .isInstanceOf(CatalogFormatException.class).hasMessageContaining("malformed JSON at line 3");
  }

  @Test
  void nullsAndUnknownMembersAreIgnored() {
    Catalog catalog = parse("{\"products\": {\"x\": {\"arch\": null, \"extra\": [1, {\"a\": 2}],"
        + " \"versions\": null}}, \"updated\": 5}");
    assertThat(catalog.images()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "//evil.example/x", "http://evil.example/x", "file:x",
      "c:/x", "../x", "a/../../x", "a/..", "a/%2e%2e/x", "a/%2E%2e/x", "%252e%252e/x", "a/.%2e/x",
      "a\\..\\x", "a/%zz", "a/x?y", "", "a/%2f../x"})
  void pathsLeavingTheBaseUrlAreRefusedWithAWarning(String path) {
    Catalog catalog = catalog(oneImage(path, 5));
    assertThat(catalog.images()).isEmpty();
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("items[\"sq\"].path"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"images/debian/20260511_05:24/rootfs.squashfs", "a/b%20c/d", "a/..b/c", "./a"})
  void ordinaryRelativePathsAreAccepted(String path) {
    assertThat(catalog(oneImage(path, 5)).images()).hasSize(1);
  }

  @Test
  void sizesMustBeWithinZeroAndOneTebibyte() {
    List<Object> bad = new ArrayList<>(List.of(-1L, (1L << 40) + 1, Long.MAX_VALUE));
    bad.add(new java.math.BigInteger("100000000000000000000000000000"));
    for (Object size : bad) {
      Catalog catalog = catalog(oneImage("ok/r", size));
      assertThat(catalog.images()).as("size %s", size).isEmpty();
      assertThat(catalog.warnings()).anyMatch(w -> w.contains("items[\"sq\"].size is out of range"));
    }
    assertThat(catalog(oneImage("ok/r", 1L << 40)).images().get(0).size()).isEqualTo((1L << 40) + 1);
  }
}

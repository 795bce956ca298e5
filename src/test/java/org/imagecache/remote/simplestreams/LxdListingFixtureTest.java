package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imagecache.image.ImageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our catalog against what LXD 5.0.2 listed for the same products file, served as
 * {@code streams/v1/images.json} behind a one-entry index, on an x86_64 host.
 */
class LxdListingFixtureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGES = "streams/v1/images.json";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "gss-lxd, go-simplestreams-testdata/schema/lxd/testdata/products.json",
      "gss-linuxcontainers, go-simplestreams-testdata/schema/linuxcontainers/testdata/products.json",
      "gss-incus, go-simplestreams-testdata/schema/incus/testdata/products.json"})
  void catalogMatchesLxdListing(String listing, String productsFile) throws IOException {
    Catalog catalog = build(Fixtures.read(productsFile));
    List<String> tsv = lines(Fixtures.read("lxd-5.0.2-listings/" + listing + ".tsv"));

    assertThat(ourLines(catalog)).containsExactlyInAnyOrderElementsOf(tsv);
    for (String line : tsv) {
      String[] cols = line.split("\t");
      for (String alias : cols[3].split(",")) {
        assertThat(catalog.resolveAlias(alias, cols[1], ImageType.fromWireName(cols[2])))
            .as("alias %s", alias).map(i -> i.fingerprint().hex()).contains(cols[0]);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "gss-lxd, go-simplestreams-testdata/schema/lxd/testdata/products.json",
      "gss-linuxcontainers, go-simplestreams-testdata/schema/linuxcontainers/testdata/products.json",
      "gss-incus, go-simplestreams-testdata/schema/incus/testdata/products.json"})
  void propertiesSizeDatesAndAliasOrderMatchLxdListing(String listing, String productsFile)
      throws IOException {
    Catalog catalog = build(Fixtures.read(productsFile));
    JsonNode images = JSON.readTree(Fixtures.read("lxd-5.0.2-listings/" + listing + ".json"));
    for (JsonNode lxd : images) {
      CatalogImage ours = catalog.findByPrefix(lxd.get("fingerprint").asText()).orElseThrow();
      Map<String, String> lxdProps = new HashMap<>();
      lxd.get("properties").fields().forEachRemaining(e -> lxdProps.put(e.getKey(), e.getValue().asText()));
      assertThat(ours.properties()).containsAllEntriesOf(lxdProps);
      assertThat(ours.properties().keySet()).allMatch(k -> lxdProps.containsKey(k)
          || k.equals("release_title") || k.startsWith("requirements."));
      assertThat(ours.size()).isEqualTo(lxd.get("size").asLong());
      assertThat(ours.createdAt()).isEqualTo(Instant.parse(lxd.get("created_at").asText()));
      assertThat(ours.expiresAt()).isNull();
      List<String> lxdAliases = new ArrayList<>();
      lxd.get("aliases").forEach(a -> lxdAliases.add(a.get("name").asText()));
      assertThat(ours.aliases()).containsExactlyElementsOf(lxdAliases);
      String metaName = lxd.get("filename").asText();
      assertThat(ours.files().get(0).path()).endsWith("/" + metaName);
    }
  }

  /**
   * The real cloud-images stream (16 products, 491 images), against what LXD 5.0.2 listed for it:
   * {@code src/test/resources/lxd-5.0.2/cloudimages.tsv}, recorded as its README there says. Every
   * image with the same fingerprint, architecture, type and alias names; every alias resolves to it.
   */
  @Test
  void cloudImagesStreamMatchesLxdListing() throws IOException {
    Catalog catalog = build(Fixtures.read("mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json"));
    List<String> tsv;
    try (var in = LxdListingFixtureTest.class.getResourceAsStream("/lxd-5.0.2/cloudimages.tsv")) {
      tsv = lines(in.readAllBytes());
    }
    assertThat(tsv).hasSize(491);

    assertThat(ourLines(catalog)).containsExactlyInAnyOrderElementsOf(tsv);
    for (String line : tsv) {
      String[] cols = line.split("\t", -1);
      for (String alias : cols[3].isEmpty() ? new String[0] : cols[3].split(",")) {
        assertThat(catalog.resolveAlias(alias, cols[1], ImageType.fromWireName(cols[2])))
            .as("alias %s", alias).map(i -> i.fingerprint().hex()).contains(cols[0]);
      }
    }
  }

  static Catalog build(byte[] products) throws IOException {
    List<String> ids = new ArrayList<>();
    JSON.readTree(products).get("products").fieldNames().forEachRemaining(ids::add);
    Map<String, Object> entry = Map.of("datatype", "image-downloads", "path", IMAGES,
        "format", "products:1.0", "products", ids);
    byte[] index = JSON.writeValueAsBytes(
        Map.of("format", "index:1.0", "index", Map.of("images", entry)));
    return CatalogBuilder.build(index, path -> path.equals(IMAGES) ? products : null, "x86_64");
  }

  private static List<String> ourLines(Catalog catalog) {
    List<String> lines = new ArrayList<>();
    for (CatalogImage image : catalog.images()) {
      Set<String> aliases = new TreeSet<>(image.aliases());
      lines.add(image.fingerprint().hex() + "\t" + image.architecture() + "\t" + image.type().wireName()
          + "\t" + String.join(",", aliases));
    }
    return lines;
  }

  private static List<String> lines(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}

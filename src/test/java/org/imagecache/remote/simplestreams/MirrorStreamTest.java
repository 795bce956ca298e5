package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A catalog written back as a mirror endpoint and read again gives the same images: what a client of
 * the mirror lists is what it lists from the remote, for every real fixture with images.
 */
class MirrorStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_ID = "imagecache:images";

  /** What a client sees of an image: everything but where its files are. */
  record Listed(String fingerprint, String architecture, ImageType type, List<String> aliases, Map<String, String> properties,
      long size, Instant createdAt, @Nullable Instant expiresAt, List<String> files) {
    static Listed of(CatalogImage image) {
      List<String> files = image.files().stream()
          .map(f -> f.role() + " " + f.ftype() + " " + f.size() + " " + f.sha256() + " " + f.basename()).toList();
      return new Listed(image.fingerprint().hex(), image.architecture(), image.type(), image.aliases(), image.properties(),
          image.size(), image.createdAt(), image.expiresAt(), files);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "kriszos-chr-incus/streams/v1/index.json",
      "simplestreams-examples/cirros/streams/v1/index.json",
      "simplestreams-examples/minimal/streams/v1/index.json",
      "mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json",
      "multipass-testdata/lxd_test_manifest.json",
      "go-simplestreams-testdata/schema/lxd/testdata/products.json",
      "go-simplestreams-testdata/schema/linuxcontainers/testdata/products.json",
      "go-simplestreams-testdata/schema/incus/testdata/products.json"})
  void theMirrorListsWhatTheRemoteLists(String fixture) throws IOException {
    Catalog remote = parse(Fixtures.root(), Fixtures.root().resolve(fixture));
    MirrorStream mirror = MirrorStream.of(remote, CONTENT_ID, image -> true);

    Catalog throughMirror = readBack(mirror);

    assertThat(throughMirror.images()).map(Listed::of).containsExactlyInAnyOrderElementsOf(remote.images().stream().map(Listed::of).toList());
    assertThat(throughMirror.counts()).isEqualTo(remote.counts());
    assertThat(mirror.imageCount()).isEqualTo(remote.images().size());
  }

  /** The real cloud-images stream read through the mirror, against what LXD 5.0.2 listed for it. */
  @Test
  void theCloudImagesStreamThroughTheMirrorIsWhatLxdListed() throws IOException {
    Catalog remote = LxdListingFixtureTest.build(Fixtures.read("mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json"));
    Catalog throughMirror = readBack(MirrorStream.of(remote, CONTENT_ID, image -> true));
    List<String> tsv;
    try (var in = MirrorStreamTest.class.getResourceAsStream("/lxd-5.0.2/cloudimages.tsv")) {
      tsv = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
    List<String> lines = new ArrayList<>();
    for (CatalogImage image : throughMirror.images()) {
      Set<String> aliases = new TreeSet<>(image.aliases());
      lines.add(image.fingerprint().hex() + "\t" + image.architecture() + "\t" + image.type().wireName() + "\t" + String.join(",", aliases));
    }
    assertThat(lines).hasSize(491).containsExactlyInAnyOrderElementsOf(tsv);
  }

  @Test
  void everyItemPathIsItsHashAndItsBasename_andOnlyImageFilesAreListed() throws IOException {
    Catalog remote = LxdListingFixtureTest.build(Fixtures.read("go-simplestreams-testdata/schema/lxd/testdata/products.json"));
    MirrorStream mirror = MirrorStream.of(remote, CONTENT_ID, image -> true);
    JsonNode products = JSON.readTree(mirror.products().bytes());
    List<String> paths = products.findValues("path").stream().map(JsonNode::asText).toList();

    List<String> expected = remote.images().stream().flatMap(i -> i.files().stream())
        .map(f -> "files/" + f.sha256() + "/" + f.basename()).distinct().toList();
    assertThat(paths).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(products.findValues("ftype")).map(JsonNode::asText).doesNotContain("disk-kvm.img.vcdiff");
    assertThat(mirror.file(remote.images().get(0).files().get(0).sha256(), remote.images().get(0).files().get(0).basename()))
        .extracting(MirrorStream.File::fingerprint).contains(remote.images().get(0).fingerprint());
  }

  @Test
  void theSameCatalogGivesTheSameBytes_andAnotherListingAnotherEtag() throws IOException {
    byte[] products = Fixtures.read("go-simplestreams-testdata/schema/lxd/testdata/products.json");
    Catalog first = LxdListingFixtureTest.build(products);
    Catalog second = LxdListingFixtureTest.build(products);
    MirrorStream a = MirrorStream.of(first, CONTENT_ID, image -> true);
    MirrorStream b = MirrorStream.of(second, CONTENT_ID, image -> true);
    CatalogImage container = first.images().stream().filter(i -> i.type() == ImageType.CONTAINER).findFirst().orElseThrow();
    MirrorStream containerOnly = MirrorStream.of(first, CONTENT_ID, image -> image.fingerprint().equals(container.fingerprint()));

    assertThat(a.products().bytes()).isEqualTo(b.products().bytes());
    assertThat(a.products().etag()).isEqualTo(b.products().etag()).startsWith("\"").endsWith("\"").hasSize(66);
    assertThat(a.index().etag()).isEqualTo(b.index().etag());
    assertThat(containerOnly.products().etag()).isNotEqualTo(a.products().etag());
    assertThat(readBack(containerOnly).images()).map(i -> i.fingerprint().hex()).containsExactly(container.fingerprint().hex());
    RemoteFile disk = first.images().stream().filter(i -> i.type() == ImageType.VIRTUAL_MACHINE).findFirst().orElseThrow().files().get(1);
    assertThat(containerOnly.file(disk.sha256(), disk.basename())).isEmpty();
    assertThat(a.file(disk.sha256(), disk.basename())).hasSize(1);
    assertThat(a.file(disk.sha256(), "other-name")).isEmpty();
  }

  @Test
  void theIndexHasOneImageDownloadsEntryNamingEveryProduct() throws IOException {
    Catalog remote = LxdListingFixtureTest.build(Fixtures.read("mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json"));
    MirrorStream mirror = MirrorStream.of(remote, CONTENT_ID, image -> true);
    JsonNode index = JSON.readTree(mirror.index().bytes());

    assertThat(index.get("format").asText()).isEqualTo("index:1.0");
    JsonNode entry = index.get("index").get(CONTENT_ID);
    assertThat(entry.get("datatype").asText()).isEqualTo("image-downloads");
    assertThat(entry.get("path").asText()).isEqualTo(mirror.productsPath()).isEqualTo("streams/v1/imagecache:images.json");
    List<String> ids = new ArrayList<>();
    entry.get("products").forEach(p -> ids.add(p.asText()));
    List<String> productIds = new ArrayList<>();
    JSON.readTree(mirror.products().bytes()).get("products").fieldNames().forEachRemaining(productIds::add);
    assertThat(ids).isNotEmpty().containsExactlyElementsOf(productIds);
  }

  @Test
  void anIncusItemWithTheBytesOfTheLxdOne_isListedToo_andServedAsTheSameImagesFile() throws IOException {
    String meta = "a".repeat(64);
    String root = "b".repeat(64);
    String fp = "c".repeat(64);
    String products = """
        {"content_id": "images", "datatype": "image-downloads", "format": "products:1.0", "products": {
          "testos:1:amd64:default": {"arch": "amd64", "os": "testos", "release": "1", "aliases": "testos/1", "versions": {
            "20261101_0000": {"items": {
              "lxd.tar.xz": {"ftype": "lxd.tar.xz", "path": "images/t/lxd.tar.xz", "sha256": "%s", "size": 100, "combined_rootxz_sha256": "%s"},
              "incus.tar.xz": {"ftype": "incus.tar.xz", "path": "images/t/incus.tar.xz", "sha256": "%s", "size": 100, "combined_rootxz_sha256": "%s"},
              "root.tar.xz": {"ftype": "root.tar.xz", "path": "images/t/root.tar.xz", "sha256": "%s", "size": 1000}}}}}}}
        """.formatted(meta, fp, meta, fp, root);
    Catalog remote = CatalogBuilder.fromProducts(products.getBytes(StandardCharsets.UTF_8), "images.json", "x86_64");
    assertThat(remote.images()).hasSize(1);
    assertThat(remote.images().get(0).twins()).hasSize(1);

    MirrorStream mirror = MirrorStream.of(remote, CONTENT_ID, image -> true);

    JsonNode items = JSON.readTree(mirror.products().bytes()).at("/products/testos:1:amd64:default/versions/20261101_0000/items");
    assertThat(items.path("incus.tar.xz").path("path").asText()).isEqualTo("files/" + meta + "/incus.tar.xz");
    assertThat(items.path("incus.tar.xz").path("combined_rootxz_sha256").asText()).isEqualTo(fp);
    assertThat(items.path("lxd.tar.xz").path("path").asText()).isEqualTo("files/" + meta + "/lxd.tar.xz");
    assertThat(mirror.file(meta, "incus.tar.xz")).singleElement()
        .satisfies(f -> assertThat(f.fingerprint().hex() + " " + f.role()).isEqualTo(fp + " META"));
    assertThat(mirror.file(meta, "lxd.tar.xz")).hasSize(1);
    assertThat(readBack(mirror).images()).map(Listed::of).containsExactlyElementsOf(remote.images().stream().map(Listed::of).toList());
  }

  @Test
  void anIncusItemWithOtherBytesButTheSameClaimedFingerprint_isNoTwin() throws IOException {
    String products = """
        {"content_id": "images", "datatype": "image-downloads", "format": "products:1.0", "products": {
          "testos:1:amd64:default": {"arch": "amd64", "os": "testos", "release": "1", "versions": {
            "20261101_0000": {"items": {
              "lxd.tar.xz": {"ftype": "lxd.tar.xz", "path": "t/lxd.tar.xz", "sha256": "%s", "size": 100, "combined_rootxz_sha256": "%s"},
              "incus.tar.xz": {"ftype": "incus.tar.xz", "path": "t/incus.tar.xz", "sha256": "%s", "size": 100, "combined_rootxz_sha256": "%s"},
              "root.tar.xz": {"ftype": "root.tar.xz", "path": "t/root.tar.xz", "sha256": "%s", "size": 1000}}}}}}}
        """.formatted("a".repeat(64), "c".repeat(64), "d".repeat(64), "c".repeat(64), "b".repeat(64));
    Catalog remote = CatalogBuilder.fromProducts(products.getBytes(StandardCharsets.UTF_8), "images.json", "x86_64");
    assertThat(remote.images()).singleElement().satisfies(i -> assertThat(i.twins()).isEmpty());
    assertThat(MirrorStream.of(remote, CONTENT_ID, image -> true).file("d".repeat(64), "incus.tar.xz")).isEmpty();
  }

  @Test
  void aBasenameAPathSegmentCannotHoldIsPercentEncoded() {
    assertThat(MirrorStream.filePath("ab", "root.20260510_05:24.vcdiff")).isEqualTo("files/ab/root.20260510_05:24.vcdiff");
    assertThat(MirrorStream.filePath("ab", "a b?#%.img")).isEqualTo("files/ab/a%20b%3F%23%25.img");
    assertThat(MirrorStream.filePath("ab", "ü.img")).isEqualTo("files/ab/%C3%BC.img");
  }

  private static Catalog readBack(MirrorStream mirror) {
    return CatalogBuilder.build(mirror.index().bytes(), path -> path.equals(mirror.productsPath()) ? mirror.products().bytes() : null, "x86_64");
  }

  private static Catalog parse(Path root, Path document) throws IOException {
    byte[] bytes = Files.readAllBytes(document);
    if (document.getFileName().toString().equals("index.json")) {
      Path streamRoot = document.getParent().getParent().getParent();
      return CatalogBuilder.build(bytes, path -> {
        Path file = streamRoot.resolve(path);
        try {
          return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
          return null;
        }
      }, "x86_64");
    }
    return CatalogBuilder.fromProducts(bytes, root.relativize(document).toString(), "x86_64");
  }
}

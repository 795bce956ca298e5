package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;
import org.junit.jupiter.api.Test;

/** Every real fixture, parsed as a remote would see it. */
class RealFixturesTest {
  private static final String MPSS =
      "mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json";

  /**
   * Index files are built through their index (products paths resolved from the stream root, two
   * levels above {@code streams/v1}); other documents are parsed as products files. None of the
   * fixtures is refused: the multipass index's non-object members are skipped with a warning, and
   * image-ids files yield no images. The LXD listings are not simplestreams documents and are left out.
   */
  @Test
  void everyFixtureParses() throws IOException {
    Path root = Fixtures.root();
    List<Path> documents;
    try (Stream<Path> files = Files.walk(root)) {
      documents = files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".sjson"))
          .filter(p -> !root.relativize(p).startsWith("lxd-5.0.2-listings")).sorted().toList();
    }
    assertThat(documents).hasSizeGreaterThanOrEqualTo(19);
    for (Path document : documents) {
      Catalog catalog = parse(root, document);
      assertThat(catalog.images()).as(root.relativize(document).toString()).isNotNull();
    }
  }

  @Test
  void multipassIndexSkipsNonObjectMembersAndStillReadsItsEntry() throws IOException {
    Path root = Fixtures.root();
    Catalog catalog = parse(root, root.resolve("multipass-testdata/releases/streams/v1/index.json"));
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("index[\"updated\"]"))
        .anyMatch(w -> w.contains("index[\"format\"]"));
    StreamIndex index = StreamIndex.parse(
        Files.readAllBytes(root.resolve("multipass-testdata/releases/streams/v1/index.json")), "index");
    assertThat(index.imageDownloads()).extracting(IndexEntry::path)
        .containsExactly("multiple_versions_manifest.json");
  }

  @Test
  void imageIdsIndexGivesAnEmptyCatalog() throws IOException {
    Path root = Fixtures.root();
    Catalog catalog = parse(root, root.resolve("eumel8-otc-image-ids/streams/v1/index.json"));
    assertThat(catalog.images()).isEmpty();
  }

  @Test
  void kriszosIncusStreamHasTwentyVirtualMachinesResolvedByArchitecture() throws IOException {
    Path root = Fixtures.root();
    Catalog catalog = parse(root, root.resolve("kriszos-chr-incus/streams/v1/index.json"));
    assertThat(catalog.images()).hasSize(20).allMatch(i -> i.type() == ImageType.VIRTUAL_MACHINE);
    assertThat(catalog.images()).filteredOn(i -> i.architecture().equals("x86_64")).hasSize(10);
    assertThat(catalog.images()).filteredOn(i -> i.architecture().equals("aarch64")).hasSize(10);
    assertThat(catalog.counts()).isEqualTo(new CatalogCounts(20, 0, 20, 30, 0));

    CatalogImage amd = catalog.resolveAlias("chr/7.20.4/cloud", "x86_64", ImageType.VIRTUAL_MACHINE)
        .orElseThrow();
    CatalogImage arm = catalog.resolveAlias("chr/7.20.4/cloud/arm64", "aarch64",
        ImageType.VIRTUAL_MACHINE).orElseThrow();
    assertThat(amd.architecture()).isEqualTo("x86_64");
    assertThat(arm.architecture()).isEqualTo("aarch64");
    assertThat(amd.fingerprint()).isNotEqualTo(arm.fingerprint());
    assertThat(catalog.resolveAlias("chr/7.20.4/cloud/amd64", "x86_64", ImageType.VIRTUAL_MACHINE))
        .contains(amd);
    assertThat(catalog.resolveAlias("chr/7.20.4/cloud", "aarch64", ImageType.VIRTUAL_MACHINE)).isEmpty();
    assertThat(catalog.resolveAlias("chr/7.20.4/cloud", "x86_64", ImageType.CONTAINER)).isEmpty();
    assertThat(amd.files()).extracting(RemoteFile::role)
        .containsExactly(RemoteFile.Role.META, RemoteFile.Role.ROOT);
  }

  @Test
  void cloudImagesCountsAndTypes() {
    Catalog catalog = CatalogBuilder.fromProducts(Fixtures.read(MPSS), MPSS, "x86_64");
    CatalogCounts counts = catalog.counts();
    assertThat(counts.images()).isEqualTo(491);
    assertThat(counts.containers()).isEqualTo(326);
    assertThat(counts.virtualMachines()).isEqualTo(165);
    assertThat(counts.ambiguousAliases()).isZero();
    assertThat(catalog.images()).extracting(CatalogImage::architecture)
        .containsOnly("x86_64", "i686", "armv7l");
    assertThat(catalog.resolveAlias("20.10", "x86_64", ImageType.VIRTUAL_MACHINE).orElseThrow()
        .properties()).containsEntry("type", "disk-kvm.img");
    assertThat(catalog.resolveAlias("noble", "x86_64", ImageType.CONTAINER).orElseThrow().properties())
        .containsEntry("serial", "20240821").containsEntry("type", "squashfs")
        .containsEntry("description", "ubuntu 24.04 LTS amd64 (release) (20240821)");
  }

  @Test
  void cloudImagesSingleLetterAliasesGoToTheProductsThatHaveImages() {
    Catalog catalog = CatalogBuilder.fromProducts(Fixtures.read(MPSS), MPSS, "x86_64");
    // maverick (10.10) and natty (11.04) list m and n too, but offer no LXD image: they claim nothing
    for (ImageType type : ImageType.values()) {
      CatalogImage mantic = catalog.resolveAlias("m", "x86_64", type).orElseThrow();
      assertThat(mantic.properties()).containsEntry("release", "mantic");
      assertThat(catalog.resolveAlias("m/amd64", "x86_64", type)).contains(mantic);
      CatalogImage noble = catalog.resolveAlias("n", "x86_64", type).orElseThrow();
      assertThat(noble.properties()).containsEntry("release", "noble");
      assertThat(catalog.resolveAlias("n/amd64", "x86_64", type)).contains(noble);
      assertThat(noble.aliases()).contains("n", "n/amd64", "noble");
    }
    assertThat(catalog.resolveAlias("m/i386", "i686", ImageType.CONTAINER)).isEmpty();
    assertThat(catalog.counts().ambiguousAliases()).isZero();
    assertThat(catalog.warnings()).noneMatch(w -> w.contains("claimed by several products"));
  }

  @Test
  void cloudImagesVersionOrderIsNotFileOrder() {
    Catalog catalog = CatalogBuilder.fromProducts(Fixtures.read(MPSS), MPSS, "x86_64");
    List<String> focalSerials = catalog.images().stream()
        .filter(i -> i.properties().get("release").equals("focal"))
        .filter(i -> i.properties().get("type").equals("squashfs"))
        .map(CatalogImage::serial).toList();
    assertThat(focalSerials.indexOf("20220131")).isGreaterThanOrEqualTo(0);
    assertThat(focalSerials.indexOf("20220131.1")).isGreaterThanOrEqualTo(0)
        .isLessThan(focalSerials.indexOf("20220131"));
    assertThat(focalSerials.indexOf("20220131")).isLessThan(focalSerials.indexOf("20211129"));
    assertThat(focalSerials.get(0)).isEqualTo("20240821");
    CatalogImage focal = catalog.resolveAlias("focal/armhf", "armv7l", ImageType.CONTAINER).orElseThrow();
    assertThat(focal.serial()).isEqualTo("20240821");
    assertThat(focal.expiresAt()).hasToString("2025-05-29T00:00:00Z");
    assertThat(focal.aliases()).containsExactly("20.04/armhf", "f/armhf", "focal/armhf");
  }

  @Test
  void multipassFingerprintPrefixSharedByTwoImagesIsAmbiguous() throws IOException {
    String file = "multipass-testdata/lxd_test_manifest.json";
    Catalog catalog = CatalogBuilder.fromProducts(Fixtures.read(file), file, "x86_64");
    AmbiguousReferenceException e = catchThrowableOfType(AmbiguousReferenceException.class,
        () -> catalog.findByPrefix("09d24fab15c6"));
    assertThat(e.reason()).isEqualTo("ambiguous_fingerprint");
    assertThat(e.candidates()).hasSize(2);
    assertThat(catalog.findByPrefix("09d24fab15c6e1c86a47d3de2e7f")).isPresent();
  }

  private static Catalog parse(Path root, Path document) throws IOException {
    byte[] bytes = Files.readAllBytes(document);
    String name = document.getFileName().toString();
    if (name.equals("index.json")) {
      Path streamRoot = document.getParent().getParent().getParent();
      return CatalogBuilder.build(bytes, path -> readOrNull(streamRoot.resolve(path)), "x86_64");
    }
    return CatalogBuilder.fromProducts(bytes, root.relativize(document).toString(), "x86_64");
  }

  private static byte[] readOrNull(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      return null;
    }
  }
}

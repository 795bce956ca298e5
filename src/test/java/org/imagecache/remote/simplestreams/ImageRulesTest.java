package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.remote.simplestreams.TestStreams.catalog;
import static org.imagecache.remote.simplestreams.TestStreams.fp;
import static org.imagecache.remote.simplestreams.TestStreams.item;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.splitVersion;
import static org.imagecache.remote.simplestreams.TestStreams.version;

import java.time.Instant;
import java.util.Map;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;
import org.junit.jupiter.api.Test;

/** How product versions become images: fingerprints, types, files, properties, dates. */
class ImageRulesTest {
  private static Map<String, Object> allKinds() {
    return version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "m.tar.xz", 10, fp(100),
            "combined_squashfs_sha256", fp(1), "combined_rootxz_sha256", fp(2),
            "combined_sha256", fp(9), "combined_disk-kvm-img_sha256", fp(3),
            "combined_disk1-img_sha256", fp(4), "combined_uefi1-img_sha256", fp(5)),
        "sq", item("squashfs", "r.squashfs", 1, fp(101)),
        "tar", item("root.tar.xz", "r.tar.xz", 2, fp(102)),
        "kvm", item("disk-kvm.img", "d.qcow2", 3, fp(103)),
        "d1", item("disk1.img", "d1.img", 4, fp(104)),
        "uefi", item("uefi1.img", "u.img", 5, fp(105)),
        "manifest", item("manifest", "x.manifest", 6, fp(106))));
  }

  @Test
  void eachRootfsKindIsAnImageWithItsCombinedFingerprintAndType() {
    Catalog catalog = catalog(map("p", product("amd64", "", map("20240101", allKinds()))));
    assertThat(catalog.images()).hasSize(5);
    assertKind(catalog, 1, ImageType.CONTAINER, "squashfs", 11);
    assertKind(catalog, 2, ImageType.CONTAINER, "root.tar.xz", 12);
    assertKind(catalog, 3, ImageType.VIRTUAL_MACHINE, "disk-kvm.img", 13);
    assertKind(catalog, 4, ImageType.VIRTUAL_MACHINE, "disk1.img", 14);
    assertKind(catalog, 5, ImageType.VIRTUAL_MACHINE, "uefi1.img", 15);
  }

  private static void assertKind(Catalog catalog, int n, ImageType type, String ftype, long size) {
    CatalogImage image = catalog.find(Fingerprint.of(fp(n))).orElseThrow();
    assertThat(image.type()).isEqualTo(type);
    assertThat(image.properties()).containsEntry("type", ftype);
    assertThat(image.size()).isEqualTo(size);
    assertThat(image.files()).extracting(RemoteFile::role)
        .containsExactly(RemoteFile.Role.META, RemoteFile.Role.ROOT);
    assertThat(image.files().get(0)).isEqualTo(new RemoteFile(RemoteFile.Role.META, "lxd.tar.xz", "m.tar.xz", 10, fp(100)));
  }

  @Test
  void rootTarXzFallsBackToCombinedSha256() {
    Map<String, Object> v = version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "m", 1, fp(100), "combined_sha256", fp(7)),
        "tar", item("root.tar.xz", "r", 1, fp(101))));
    Catalog catalog = catalog(map("p", product("amd64", "", map("20240101", v))));
    assertThat(catalog.images()).extracting(i -> i.fingerprint().hex()).containsExactly(fp(7));
  }

  @Test
  void unifiedImageHasOneFileAndItsOwnSha256AsFingerprint() {
    Map<String, Object> v = version(map(
        "u", item("incus_combined.tar.gz", "u.tar.gz", 77, fp(8))));
    CatalogImage image = catalog(map("p", product("amd64", "", map("20240101", v)))).images().get(0);
    assertThat(image.fingerprint().hex()).isEqualTo(fp(8));
    assertThat(image.type()).isEqualTo(ImageType.CONTAINER);
    assertThat(image.properties()).containsEntry("type", "tar.gz");
    assertThat(image.files()).containsExactly(new RemoteFile(RemoteFile.Role.UNIFIED, "incus_combined.tar.gz", "u.tar.gz", 77, fp(8)));
  }

  @Test
  void noValidFingerprintMeansNoImage() {
    Map<String, Object> v = version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "m", 1, fp(100), "combined_squashfs_sha256", fp(0xabc).toUpperCase()),
        "sq", item("squashfs", "r", 1, fp(101)),
        "kvm", item("disk-kvm.img", "d", 1, fp(102))));
    Catalog catalog = catalog(map("p", product("amd64", "", map("20240101", v))));
    assertThat(catalog.images()).isEmpty();
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("not 64 lowercase hex"));
  }

  @Test
  void lxdAndIncusMetadataWithTheSameFingerprintGiveOneImageFromLxd() {
    Map<String, Object> v = version(map(
        "incus.tar.xz", item("incus.tar.xz", "incus.tar.xz", 5, fp(100), "combined_squashfs_sha256", fp(1)),
        "lxd.tar.xz", item("lxd.tar.xz", "lxd.tar.xz", 5, fp(100), "combined_squashfs_sha256", fp(1)),
        "sq", item("squashfs", "r", 1, fp(101))));
    Catalog catalog = catalog(map("p", product("amd64", "a", map("20240101", v))));
    assertThat(catalog.images()).hasSize(1);
    assertThat(catalog.images().get(0).files().get(0).path()).isEqualTo("lxd.tar.xz");
    assertThat(catalog.images().get(0).aliases()).containsExactly("a", "a/amd64");
  }

  @Test
  void architecturesAreKernelNamesAndUnknownOnesAreSkipped() {
    Catalog catalog = catalog(map(
        "a", product("arm64", "", map("20240101", splitVersion(10))),
        "b", product("sparc", "", map("20240101", splitVersion(30)))));
    assertThat(catalog.images()).extracting(CatalogImage::architecture).containsOnly("aarch64");
    assertThat(catalog.images()).allSatisfy(i -> assertThat(i.properties()).containsEntry("architecture", "arm64"));
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("'sparc'"));
  }

  @Test
  void createdAtIsTheSerialsDateAndNonDateSerialsAreSkipped() {
    Catalog catalog = catalog(map("p", product("amd64", "", map(
        "20260508_0431", splitVersion(10), "20240821.1", splitVersion(30),
        "samepaths", splitVersion(50), "20241340", splitVersion(70), "2024", splitVersion(90)))));
    assertThat(catalog.find(Fingerprint.of(fp(11))).orElseThrow().createdAt())
        .isEqualTo(Instant.parse("2026-05-08T00:00:00Z"));
    assertThat(catalog.find(Fingerprint.of(fp(31))).orElseThrow().createdAt())
        .isEqualTo(Instant.parse("2024-08-21T00:00:00Z"));
    assertThat(catalog.images()).hasSize(4);
  }

  @Test
  void expiresAtComesFromSupportEol() {
    Map<String, Object> withEol = product("amd64", "", map("20240101", splitVersion(10)));
    withEol.put("support_eol", "2029-05-31");
    Map<String, Object> badEol = product("amd64", "", map("20240101", splitVersion(30)));
    badEol.put("support_eol", "soon");
    Catalog catalog = catalog(map("a", withEol, "b", badEol,
        "c", product("amd64", "", map("20240101", splitVersion(50)))));
    assertThat(catalog.find(Fingerprint.of(fp(11))).orElseThrow().expiresAt())
        .isEqualTo(Instant.parse("2029-05-31T00:00:00Z"));
    assertThat(catalog.find(Fingerprint.of(fp(31))).orElseThrow().expiresAt()).isNull();
    assertThat(catalog.find(Fingerprint.of(fp(51))).orElseThrow().expiresAt()).isNull();
  }

  @Test
  void propertiesAndDescriptionFollowLxd() {
    Map<String, Object> v = splitVersion(10);
    v.put("label", "release");
    Map<String, Object> p = product("amd64", "", map("20240101", v));
    p.put("requirements", map("secureboot", "false"));
    CatalogImage image = catalog(map("p", p)).find(Fingerprint.of(fp(11))).orElseThrow();
    assertThat(image.properties()).containsEntry("os", "debian").containsEntry("release", "bookworm")
        .containsEntry("release_title", "Debian 12 bookworm").containsEntry("variant", "default")
        .containsEntry("serial", "20240101").containsEntry("architecture", "amd64")
        .containsEntry("type", "squashfs").containsEntry("requirements.secureboot", "false")
        .containsEntry("description", "debian Debian 12 bookworm amd64 (release) (20240101)")
        .doesNotContainKey("version");
  }

  @Test
  void deltasAreRecordedOnTheMatchingRootfsWithTheBaseFingerprint() {
    Map<String, Object> newer = splitVersion(30);
    @SuppressWarnings("unchecked")
    Map<String, Object> items = (Map<String, Object>) newer.get("items");
    items.put("d1", item("squashfs.vcdiff", "i/30/from-10.vcdiff", 42, fp(40), "delta_base", "20240101"));
    items.put("d2", item("squashfs.vcdiff", "i/30/from-gone.vcdiff", 43, fp(41), "delta_base", "20230101"));
    Catalog catalog = catalog(map("p", product("amd64", "", map(
        "20240101", splitVersion(10), "20240201", newer))));
    CatalogImage squashfs = catalog.find(Fingerprint.of(fp(31))).orElseThrow();
    assertThat(squashfs.deltas()).containsExactlyInAnyOrder(
        new Delta("20240101", fp(11), new RemoteFile(RemoteFile.Role.ROOT, "squashfs.vcdiff", "i/30/from-10.vcdiff", 42, fp(40))),
        new Delta("20230101", null, new RemoteFile(RemoteFile.Role.ROOT, "squashfs.vcdiff", "i/30/from-gone.vcdiff", 43, fp(41))));
    assertThat(catalog.find(Fingerprint.of(fp(32))).orElseThrow().deltas()).isEmpty();
  }

  @Test
  void imageIdsDatatypeGivesNoImages() {
    byte[] doc = TestStreams.bytes(map("datatype", "image-ids",
        "products", map("p", product("amd64", "a", map("20240101", splitVersion(10))))));
    Catalog catalog = CatalogBuilder.fromProducts(doc, "ids.json", "x86_64");
    assertThat(catalog.images()).isEmpty();
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("image-ids"));
  }
}

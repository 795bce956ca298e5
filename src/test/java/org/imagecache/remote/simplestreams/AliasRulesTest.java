package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.imagecache.remote.simplestreams.TestStreams.catalog;
import static org.imagecache.remote.simplestreams.TestStreams.fp;
import static org.imagecache.remote.simplestreams.TestStreams.item;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.splitVersion;
import static org.imagecache.remote.simplestreams.TestStreams.version;

import java.util.Map;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.junit.jupiter.api.Test;

/** Who holds an alias: newest serial, preferred rootfs, host architecture, ambiguity. */
class AliasRulesTest {
  private static String resolved(Catalog catalog, String alias, String arch, ImageType type) {
    return catalog.resolveAlias(alias, arch, type).map(i -> i.fingerprint().hex()).orElse(null);
  }

  @Test
  void newestSerialWinsAndOlderImagesCarryNoAlias() {
    Catalog catalog = catalog(map("p", product("amd64", "deb", map(
        "20240301", splitVersion(50), "20240101", splitVersion(10), "20240201", splitVersion(30)))));
    assertThat(resolved(catalog, "deb", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(51));
    assertThat(resolved(catalog, "deb/amd64", "x86_64", ImageType.VIRTUAL_MACHINE)).isEqualTo(fp(52));
    assertThat(catalog.find(Fingerprint.of(fp(11))).orElseThrow().aliases()).isEmpty();
    assertThat(catalog.find(Fingerprint.of(fp(51))).orElseThrow().aliases()).containsExactly("deb", "deb/amd64");
  }

  @Test
  void serialsCompareNumericallyNotByFileOrderOrText() {
    Catalog catalog = catalog(map("p", product("amd64", "deb", map(
        "20200529.10", splitVersion(50), "20200529.9", splitVersion(30), "20200529", splitVersion(10)))));
    assertThat(resolved(catalog, "deb", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(51));
    Catalog suffixLast = catalog(map("p", product("amd64", "deb", map(
        "20200529", splitVersion(10), "20200529.1", splitVersion(30)))));
    assertThat(resolved(suffixLast, "deb", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(31));
  }

  @Test
  void squashfsWinsOverRootTarXzAndDiskKvmOverDisk1() {
    Map<String, Object> v = version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "m", 1, fp(100), "combined_squashfs_sha256", fp(1),
            "combined_rootxz_sha256", fp(2), "combined_disk-kvm-img_sha256", fp(3),
            "combined_disk1-img_sha256", fp(4), "combined_uefi1-img_sha256", fp(5)),
        "tar", item("root.tar.xz", "r.tar.xz", 1, fp(102)),
        "d1", item("disk1.img", "d1.img", 1, fp(104)),
        "uefi", item("uefi1.img", "u.img", 1, fp(105)),
        "sq", item("squashfs", "r.squashfs", 1, fp(101)),
        "kvm", item("disk-kvm.img", "d.qcow2", 1, fp(103))));
    Catalog catalog = catalog(map("p", product("amd64", "deb", map("20240101", v))));
    assertThat(resolved(catalog, "deb", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(1));
    assertThat(resolved(catalog, "deb", "x86_64", ImageType.VIRTUAL_MACHINE)).isEqualTo(fp(3));
    assertThat(catalog.find(Fingerprint.of(fp(2))).orElseThrow().aliases()).isEmpty();
  }

  @Test
  void plainAliasOnlyForTheHostArchitecture() {
    Map<String, Object> products = map(
        "a", product("amd64", "deb,deb/12", map("20240101", splitVersion(10))),
        "b", product("arm64", "deb,deb/12", map("20240101", splitVersion(30))));
    Catalog x86 = catalog(products);
    assertThat(resolved(x86, "deb", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(11));
    assertThat(resolved(x86, "deb", "aarch64", ImageType.CONTAINER)).isNull();
    assertThat(resolved(x86, "deb/12/arm64", "aarch64", ImageType.CONTAINER)).isEqualTo(fp(31));
    assertThat(x86.find(Fingerprint.of(fp(31))).orElseThrow().aliases())
        .containsExactly("deb/arm64", "deb/12/arm64");

    Catalog arm = CatalogBuilder.fromProducts(TestStreams.products(products), "t.json", "aarch64");
    assertThat(resolved(arm, "deb", "aarch64", ImageType.CONTAINER)).isEqualTo(fp(31));
    assertThat(resolved(arm, "deb", "x86_64", ImageType.CONTAINER)).isNull();
  }

  @Test
  void twoProductsClaimingOneAliasForTheSameArchAndTypeAreAmbiguous() {
    Map<String, Object> containersOnly = version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "m", 1, fp(70), "combined_squashfs_sha256", fp(71)),
        "sq", item("squashfs", "s", 1, fp(72))));
    Catalog catalog = catalog(map(
        "maverick", product("amd64", "10.10,m", map("20120410", splitVersion(10))),
        "mantic", product("amd64", "23.10,m", map("20240710", containersOnly))));
    AmbiguousReferenceException e = catchThrowableOfType(AmbiguousReferenceException.class,
        () -> catalog.resolveAlias("m", "x86_64", ImageType.CONTAINER));
    assertThat(e.reason()).isEqualTo("ambiguous_alias");
    assertThat(e.candidates()).containsExactlyInAnyOrder(fp(11), fp(71));
    assertThat(e.getMessage()).contains("maverick").contains("mantic");
    assertThat(resolved(catalog, "m", "x86_64", ImageType.VIRTUAL_MACHINE)).isEqualTo(fp(12));
    assertThat(resolved(catalog, "23.10", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(71));
    assertThat(catalog.counts().ambiguousAliases()).isEqualTo(2);
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("'m' for x86_64 container"));
  }

  @Test
  void aProductWithoutUsableImagesClaimsNoAlias() {
    Map<String, Object> noLxd = version(map("disk", item("disk1.img", "d", 1, fp(90))));
    Catalog catalog = catalog(map(
        "natty", product("amd64", "n", map("20121028", noLxd)),
        "noble", product("amd64", "n,noble", map("20240821", splitVersion(10)))));
    for (ImageType type : ImageType.values()) {
      assertThat(resolved(catalog, "n", "x86_64", type)).as(type.wireName()).isEqualTo(fp(10 + (type == ImageType.CONTAINER ? 1 : 2)));
      assertThat(resolved(catalog, "n/amd64", "x86_64", type)).isEqualTo(resolved(catalog, "n", "x86_64", type));
    }
    assertThat(resolved(catalog, "noble", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(11));
    assertThat(catalog.find(Fingerprint.of(fp(11))).orElseThrow().aliases()).containsExactly("n", "n/amd64", "noble", "noble/amd64");
    assertThat(catalog.counts().ambiguousAliases()).isZero();
  }

  @Test
  void productsSharingAFingerprintAreNotAmbiguous() {
    Catalog catalog = catalog(map(
        "a", product("amd64", "same", map("20240101", splitVersion(10))),
        "b", product("amd64", "same", map("20240101", splitVersion(10)))));
    assertThat(resolved(catalog, "same", "x86_64", ImageType.CONTAINER)).isEqualTo(fp(11));
    assertThat(catalog.images()).hasSize(2);
  }

  @Test
  void aliasesWithControlCharactersOrOverLongAreSkippedWithAWarning() {
    String hostile = "x\u001b[2J\u001b]0;TITLE\u0007y";
    Catalog catalog = catalog(map(
        "p", product("amd64", "good," + hostile + ",multi\nline," + "l".repeat(10_000) + ",ok/2", map("20240101", splitVersion(10)))));
    assertThat(catalog.find(Fingerprint.of(fp(11))).orElseThrow().aliases())
        .containsExactly("good", "good/amd64", "ok/2", "ok/2/amd64");
    assertThat(catalog.warnings()).filteredOn(w -> w.contains("alias skipped")).hasSize(3)
        .allSatisfy(w -> assertThat(w).doesNotContain("\u001b").doesNotContain("\n").hasSizeLessThan(400));
    assertThat(catalog.warnings()).anyMatch(w -> w.contains("x\\x1b[2J") && w.contains("control character"))
        .anyMatch(w -> w.contains("longer than 255"));
  }

  @Test
  void oneFingerprintListedForTwoArchitecturesNeverAnswersForTheWrongOne() {
    Catalog catalog = catalog(map(
        "a", product("amd64", "dup/a", map("20240101", splitVersion(10))),
        "b", product("arm64", "dup/b", map("20240101", splitVersion(10)))));
    CatalogImage x86 = catalog.resolveAlias("dup/a", "x86_64", ImageType.CONTAINER).orElseThrow();
    assertThat(x86.architecture()).isEqualTo("x86_64");
    assertThat(x86.aliases()).containsExactly("dup/a", "dup/a/amd64");
    assertThat(catalog.resolveAlias("dup/b/arm64", "aarch64", ImageType.CONTAINER)).isEmpty();
    assertThat(AliasResolution.resolve(catalog, "dup/b", "aarch64", ImageType.CONTAINER)).isEmpty();
    assertThat(catalog.images()).allMatch(i -> i.architecture().equals("x86_64"));
    assertThat(catalog.warnings()).anyMatch(w -> w.contains(fp(11)) && w.contains("aarch64") && w.contains("only the first is kept"));
  }
}

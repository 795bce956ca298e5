package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.splitVersion;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.Architecture;
import org.imagecache.image.ImageType;
import org.junit.jupiter.api.Test;

/**
 * LXD's whole architecture table ({@code shared/osarch/architectures.go}): a stream with one product per
 * name in it lists each image under LXD's kernel name, resolvable with {@code architecture} set to it.
 */
class ArchitectureTableTest {
  /** Every name of LXD's table, with the kernel name LXD gives it. */
  static final Map<String, String> LXD = table(
      "i686", "i686", "i386", "i686", "i586", "i686", "386", "i686", "x86", "i686", "generic_32", "i686",
      "x86_64", "x86_64", "amd64", "x86_64", "generic_64", "x86_64",
      "armv6l", "armv6l", "armel", "armv6l", "arm", "armv6l",
      "armv7l", "armv7l", "armhf", "armv7l", "armhfp", "armv7l", "armv7a_hardfp", "armv7l", "armv7", "armv7l",
      "armv7a_vfpv3_hardfp", "armv7l",
      "armv8l", "armv8l",
      "aarch64", "aarch64", "arm64", "aarch64", "arm64_generic", "aarch64",
      "ppc", "ppc", "powerpc", "ppc",
      "ppc64", "ppc64", "powerpc64", "ppc64",
      "ppc64le", "ppc64le", "ppc64el", "ppc64le",
      "s390x", "s390x",
      "mips", "mips", "mipsel", "mips", "mipsle", "mips",
      "mips64", "mips64", "mips64el", "mips64", "mips64le", "mips64",
      "riscv32", "riscv32",
      "riscv64", "riscv64",
      "loongarch64", "loongarch64", "loong64", "loongarch64");

  private static Map<String, String> table(String... pairs) {
    Map<String, String> t = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      t.put(pairs[i], pairs[i + 1]);
    }
    return t;
  }

  @Test
  void everyNameOfLxdsTableMapsToItsKernelName() {
    LXD.forEach((name, kernel) -> assertThat(Architecture.fromCatalogName(name)).as(name).contains(kernel));
    assertThat(Architecture.KERNEL_NAMES).containsExactlyInAnyOrderElementsOf(LXD.values().stream().distinct().toList());
    assertThat(Architecture.fromCatalogName("sparc64")).isEmpty();
    LXD.values().forEach(kernel -> assertThat(Architecture.check(kernel)).isEqualTo(kernel));
    assertThatThrownBy(() -> Architecture.check("amd64")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("loongarch64");
  }

  @Test
  void aStreamWithOneProductPerArchitectureNameListsAndResolvesEachUnderLxdsName() {
    Map<String, Object> products = new LinkedHashMap<>();
    int base = 100;
    Map<String, Integer> baseByName = new LinkedHashMap<>();
    for (String name : LXD.keySet()) {
      products.put("os:1:" + name, product(name, "os/" + name, map("20240101", splitVersion(base))));
      baseByName.put(name, base);
      base += 100;
    }
    Catalog catalog = TestStreams.catalog(products);

    assertThat(catalog.warnings()).noneMatch(w -> w.contains("unknown architecture"));
    assertThat(catalog.images()).hasSize(2 * LXD.size());
    LXD.forEach((name, kernel) -> {
      String container = TestStreams.fp(baseByName.get(name) + 1);
      CatalogImage image = AliasResolution.resolve(catalog, "os/" + name, kernel, ImageType.CONTAINER).orElseThrow();
      assertThat(image.fingerprint().hex()).as(name).isEqualTo(container);
      assertThat(image.architecture()).as(name).isEqualTo(kernel);
      assertThat(image.aliases()).as(name).contains("os/" + name + "/" + name);
    });
    // the host's plain alias only for the host's architecture
    assertThat(catalog.resolveAlias("os/amd64", "x86_64", ImageType.CONTAINER)).isPresent();
    assertThat(catalog.resolveAlias("os/arm64", "aarch64", ImageType.CONTAINER)).isEmpty();
    assertThat(AliasResolution.resolve(catalog, "os/arm64", "aarch64", ImageType.CONTAINER)).isPresent();
  }
}

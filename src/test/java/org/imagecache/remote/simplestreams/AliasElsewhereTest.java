package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.remote.simplestreams.TestStreams.catalog;
import static org.imagecache.remote.simplestreams.TestStreams.fp;
import static org.imagecache.remote.simplestreams.TestStreams.item;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.splitVersion;
import static org.imagecache.remote.simplestreams.TestStreams.version;

import org.imagecache.image.ImageType;
import org.junit.jupiter.api.Test;

/** The suggestion a not-found lookup by alias carries. */
class AliasElsewhereTest {
  /** What a lookup asked for. */
  private record Ask(String alias, String arch, ImageType type) {}

  private static Ask ask(String alias, String arch, ImageType type) {
    return new Ask(alias, arch, type);
  }

  private static String suggestion(Catalog c, Ask a) {
    return AliasElsewhere.of(c, a.alias(), a.arch(), a.type());
  }

  private static final Catalog VM_ONLY = catalog(map("chr", product("amd64", "chr/7.20.4/cloud", map("20240101", version(map(
      "m", item("lxd.tar.xz", "m", 1, fp(100), "combined_disk-kvm-img_sha256", fp(1)),
      "kvm", item("disk-kvm.img", "d.qcow2", 1, fp(103))))))));

  @Test
  void aContainerLookupOfAVirtualMachineOnlyAliasSaysAVirtualMachineImageExists() {
    assertThat(suggestion(VM_ONLY, ask("chr/7.20.4/cloud", "x86_64", ImageType.CONTAINER)))
        .isEqualTo("; a virtual-machine image of it exists (ask with type virtual-machine)");
  }

  @Test
  void anAliasOfOtherArchitecturesOnlyNamesThem() {
    Catalog armOnly = catalog(map("p", product("arm64", "deb", map("20240101", splitVersion(10)))));
    assertThat(suggestion(armOnly, ask("deb", "x86_64", ImageType.CONTAINER))).isEqualTo("; it exists for aarch64");
  }

  @Test
  void anAliasNobodyCarriesGetsNoSuggestion() {
    assertThat(suggestion(VM_ONLY, ask("nosuch", "x86_64", ImageType.CONTAINER))).isEmpty();
  }
}

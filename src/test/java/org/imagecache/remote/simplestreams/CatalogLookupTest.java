package org.imagecache.remote.simplestreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.imagecache.remote.simplestreams.TestStreams.catalog;
import static org.imagecache.remote.simplestreams.TestStreams.fp;
import static org.imagecache.remote.simplestreams.TestStreams.map;
import static org.imagecache.remote.simplestreams.TestStreams.product;
import static org.imagecache.remote.simplestreams.TestStreams.splitVersion;

import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.Fingerprint;
import org.junit.jupiter.api.Test;

/** Finding images by fingerprint and prefix, and counting them. */
class CatalogLookupTest {
  private final Catalog catalog = catalog(map(
      "a", product("amd64", "deb", map("20240101", splitVersion(0x1000), "20240201", splitVersion(0x2000)))));

  @Test
  void findsByFullFingerprintAndByUniquePrefix() {
    assertThat(catalog.find(Fingerprint.of(fp(0x1001)))).isPresent();
    assertThat(catalog.find(Fingerprint.of(fp(0x7777)))).isEmpty();
    String full = fp(0x2002);
    assertThat(catalog.findByPrefix(full.substring(0, 62) + "02")).map(i -> i.fingerprint().hex()).contains(full);
    assertThat(catalog.findByPrefix(full)).isPresent();
    assertThat(catalog.findByPrefix("ffffffffffff")).isEmpty();
  }

  @Test
  void prefixMatchingTwoImagesIsAnAmbiguityError() {
    AmbiguousReferenceException e = catchThrowableOfType(AmbiguousReferenceException.class,
        () -> catalog.findByPrefix("000000000000"));
    assertThat(e.reason()).isEqualTo("ambiguous_fingerprint");
    assertThat(e.candidates()).hasSize(4).contains(fp(0x1001), fp(0x2002));
  }

  @Test
  void prefixMustBe12To64LowercaseHex() {
    assertThatThrownBy(() -> catalog.findByPrefix("00000000000")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> catalog.findByPrefix("ABCDEF000000")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void countsImagesByTypeAndAliases() {
    assertThat(catalog.counts()).isEqualTo(new CatalogCounts(4, 2, 2, 4, 0));
  }
}

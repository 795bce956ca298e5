package org.imagecache.remote.simplestreams;

import java.util.Comparator;
import java.util.List;

/**
 * An image as one product version offers it, before fingerprints are de-duplicated and aliases are
 * given out: the image (without aliases) and what the alias rules need to know about where it came from.
 *
 * @param serial the version serial the image comes from (as in its properties), kept apart for sorting
 * @param productId the product's key
 * @param productArch the architecture as the product writes it ({@code amd64}), for {@code name/amd64}
 * @param aliasNames the product's aliases, trimmed, without empty names
 * @param kindRank the rootfs preference within a version (lower wins)
 * @param metaRank the metadata item preference, lxd before incus (lower wins)
 */
record ImageCandidate(
    CatalogImage image,
    String serial,
    String productId,
    String productArch,
    List<String> aliasNames,
    int kindRank,
    int metaRank) {

  /** Within a product and image type: newest serial, then preferred rootfs, then lxd metadata. */
  static final Comparator<ImageCandidate> PREFERRED_FIRST =
      Comparator.comparing(ImageCandidate::serial, Serials.NEWEST_FIRST)
          .thenComparingInt(ImageCandidate::kindRank)
          .thenComparingInt(ImageCandidate::metaRank);

  /** The catalog's listing order: by product, then {@link #PREFERRED_FIRST}. */
  static final Comparator<ImageCandidate> LISTING_ORDER =
      Comparator.comparing(ImageCandidate::productId).thenComparing(PREFERRED_FIRST);

  String fingerprint() {
    return image.fingerprint().hex();
  }
}

package org.imagecache.remote.simplestreams;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;

/**
 * What a simplestreams remote offers: an immutable set of images, each with a distinct fingerprint,
 * and the alias table, both computed once by {@link CatalogBuilder}. Safe to share between threads.
 * Lookups never parse or allocate much: fingerprints by hash, prefixes by binary search, aliases by
 * one hash lookup.
 */
public final class Catalog {
  static final String AMBIGUOUS_FINGERPRINT = "ambiguous_fingerprint";

  private final List<CatalogImage> images;
  private final Map<String, CatalogImage> byFingerprint;
  private final String[] sortedFingerprints;
  private final AliasTable aliases;
  private final List<String> warnings;

  /**
   * @param images the images in listing order, each with a distinct fingerprint
   * @param byFingerprint the same images by fingerprint; kept as is, so not to be changed afterwards
   */
  Catalog(List<CatalogImage> images, Map<String, CatalogImage> byFingerprint, AliasTable aliases,
      List<String> warnings) {
    this.images = List.copyOf(images);
    this.byFingerprint = byFingerprint;
    this.sortedFingerprints = byFingerprint.keySet().toArray(new String[0]);
    Arrays.sort(sortedFingerprints);
    this.aliases = aliases;
    this.warnings = List.copyOf(warnings);
  }

  /** All images, grouped by product, newest serial first, preferred rootfs first. */
  public List<CatalogImage> images() {
    return images;
  }

  /** The image with this fingerprint, if the catalog has it. */
  public Optional<CatalogImage> find(Fingerprint fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint.hex()));
  }

  /**
   * The one image whose fingerprint begins with the prefix.
   *
   * @param prefix 12 to 64 lowercase hex characters
   * @throws org.imagecache.failure.InvalidInputException (reason {@code invalid_fingerprint}) when the
   *     prefix is not 12 to 64 lowercase hex characters
   * @throws AmbiguousReferenceException (reason {@code ambiguous_fingerprint}) when it matches more than
   *     one image; the exception lists them
   */
  public Optional<CatalogImage> findByPrefix(String prefix) {
    Fingerprint.checkPrefix(prefix);
    int at = Arrays.binarySearch(sortedFingerprints, prefix);
    int first = at >= 0 ? at : -at - 1;
    if (first >= sortedFingerprints.length || !sortedFingerprints[first].startsWith(prefix)) {
      return Optional.empty();
    }
    int end = first + 1;
    while (end < sortedFingerprints.length && sortedFingerprints[end].startsWith(prefix)) {
      end++;
    }
    if (end - first > 1) {
      List<String> matches = List.of(Arrays.copyOfRange(sortedFingerprints, first, end));
      throw new AmbiguousReferenceException(AMBIGUOUS_FINGERPRINT, "Fingerprint prefix '" + prefix
          + "' matches " + matches.size() + " images: " + String.join(", ", matches), matches);
    }
    return Optional.of(Objects.requireNonNull(byFingerprint.get(sortedFingerprints[first]), "the image of a sorted fingerprint"));
  }

  /**
   * The image an alias names for an architecture and type, as LXD resolves {@code remote:alias}.
   *
   * @param alias the alias as the user writes it ({@code debian/12}, {@code debian/12/amd64})
   * @param kernelArch the kernel architecture asked for ({@code x86_64})
   * @param type container or virtual machine
   * @return the image, or empty when no image holds the alias for that architecture and type
   * @throws AmbiguousReferenceException (reason {@code ambiguous_alias}) when several products claim
   *     the alias for that architecture and type; the exception names the candidates
   */
  public Optional<CatalogImage> resolveAlias(String alias, String kernelArch, ImageType type) {
    String fingerprint = aliases.resolve(new AliasKey(alias, kernelArch, type));
    if (fingerprint == null) {
      return Optional.empty();
    }
    CatalogImage image = Objects.requireNonNull(byFingerprint.get(fingerprint), "the image of an alias's fingerprint");
    // a fingerprint listed for two architectures keeps its first listing only: never the wrong one
    return image.architecture().equals(kernelArch) && image.type() == type ? Optional.of(image) : Optional.empty();
  }

  public CatalogCounts counts() {
    int vms = (int) images.stream().filter(i -> i.type() == ImageType.VIRTUAL_MACHINE).count();
    return new CatalogCounts(images.size(), images.size() - vms, vms, aliases.resolvableCount(),
        aliases.ambiguousCount());
  }

  /** What the build skipped and why (refused paths, unknown architectures, ambiguous aliases...). */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "Catalog" + counts();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Catalog c && images.equals(c.images);
  }

  @Override
  public int hashCode() {
    return Objects.hash(images);
  }
}

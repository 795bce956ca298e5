package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.image.ImageType;
import org.jspecify.annotations.Nullable;

/**
 * Who holds each alias, computed once when the catalog is built so that resolving is one hash lookup.
 *
 * <p>The rules are LXD's and Incus's ({@code applyAliases}): each name in a product's {@code aliases}
 * gives {@code name/<arch>} (arch as the product writes it) on every architecture, and the plain
 * {@code name} only on the host's. Within a product and image type the newest serial wins, then the
 * preferred rootfs (squashfs over root.tar.xz; disk-kvm.img over uefi1.img over disk1.img), then lxd
 * metadata over incus. Where LXD lets the first product in sort order win when two products claim the
 * same alias for the same architecture and type, we record an ambiguity: resolving it fails with
 * reason {@code ambiguous_alias} and it is listed on no image. Products whose winners have the same
 * fingerprint are not ambiguous. As in LXD, which gives out aliases while it walks the images, a
 * product that yields no usable image (cloud-images' maverick and natty, which have no
 * {@code lxd.tar.xz}) claims nothing: it cannot take {@code m} or {@code n} away from mantic and noble.
 */
final class AliasTable {
  static final String AMBIGUOUS = "ambiguous_alias";

  /** One product's claim on an alias key: its winning fingerprint. */
  private record Claim(String productId, String fingerprint) {
    String describe() {
      return "product '" + productId + "' (" + fingerprint + ")";
    }
  }

  /** The images among which one product wins its aliases: a product's, on one architecture, of one type. */
  private record ProductGroup(String productId, String architecture, ImageType type) {
    static ProductGroup of(ImageCandidate c) {
      return new ProductGroup(c.productId(), c.image().architecture(), c.image().type());
    }
  }

  private final Map<AliasKey, List<Claim>> claims;
  private final Map<ImageKey, List<String>> namesByFingerprint;

  /** One image as the alias table knows it: a fingerprint for an architecture and type. */
  record ImageKey(String fingerprint, String architecture, ImageType type) {}

  private AliasTable(Map<AliasKey, List<Claim>> claims, Map<ImageKey, List<String>> names) {
    this.claims = claims;
    this.namesByFingerprint = names;
  }

  static AliasTable build(List<ImageCandidate> candidates, String hostArch, Warnings warnings) {
    List<ImageCandidate> winners = productWinners(candidates);
    Map<AliasKey, List<Claim>> claims = new HashMap<>();
    for (ImageCandidate winner : winners) {
      Claim claim = new Claim(winner.productId(), winner.fingerprint());
      String arch = winner.image().architecture();
      for (String name : names(winner.aliasNames(), winner.productArch(), arch.equals(hostArch))) {
        addClaim(claims, new AliasKey(name, arch, winner.image().type()), claim);
      }
    }
    warnAmbiguities(claims, warnings);
    return new AliasTable(claims, namesByImage(winners, claims, hostArch));
  }

  /**
   * The fingerprint the alias resolves to, or null when no image holds it.
   *
   * @throws AmbiguousReferenceException when several products claim it; its candidates are the
   *     products' fingerprints
   */
  @Nullable String resolve(AliasKey key) {
    List<Claim> list = claims.get(key);
    if (list == null) {
      return null;
    }
    if (list.size() > 1) {
      throw new AmbiguousReferenceException(AMBIGUOUS, "Alias " + key + " is ambiguous: it is claimed by "
          + describe(list), list.stream().map(Claim::fingerprint).toList());
    }
    return list.get(0).fingerprint();
  }

  /** The alias names an image holds for its architecture and type, in LXD's listing order. */
  List<String> namesOf(String fingerprint, String architecture, ImageType type) {
    return namesByFingerprint.getOrDefault(new ImageKey(fingerprint, architecture, type), List.of());
  }

  /** How many alias keys resolve to an image. */
  int resolvableCount() {
    return (int) claims.values().stream()
        .filter(list -> list.size() == 1).count();
  }

  int ambiguousCount() {
    return (int) claims.values().stream().filter(list -> list.size() > 1).count();
  }

  private static void addClaim(Map<AliasKey, List<Claim>> claims, AliasKey key, Claim claim) {
    List<Claim> list = claims.computeIfAbsent(key, k -> new ArrayList<>(1));
    for (Claim existing : list) {
      if (existing.productId().equals(claim.productId()) || claim.fingerprint().equals(existing.fingerprint())) {
        return;
      }
    }
    list.add(claim);
  }

  /** The names a product's aliases give on one architecture: plain (host only), then name/arch. */
  private static List<String> names(List<String> aliasNames, String productArch, boolean host) {
    List<String> names = new ArrayList<>(aliasNames.size() * 2);
    for (String name : aliasNames) {
      if (host) {
        names.add(name);
      }
      names.add(name + "/" + productArch);
    }
    return names;
  }

  /** The preferred candidate of each (product, architecture, type) that has aliases, in a stable order. */
  private static List<ImageCandidate> productWinners(List<ImageCandidate> candidates) {
    Map<ProductGroup, ImageCandidate> best = new LinkedHashMap<>();
    for (ImageCandidate c : candidates) {
      if (!c.aliasNames().isEmpty()) {
        best.merge(ProductGroup.of(c), c, (a, b) -> ImageCandidate.PREFERRED_FIRST.compare(a, b) <= 0 ? a : b);
      }
    }
    List<ImageCandidate> winners = new ArrayList<>(best.values());
    winners.sort(Comparator.comparing(ImageCandidate::productId)
        .thenComparing(c -> c.image().type()).thenComparing(ImageCandidate::fingerprint));
    return winners;
  }

  private static Map<ImageKey, List<String>> namesByImage(
      List<ImageCandidate> winners, Map<AliasKey, List<Claim>> claims, String hostArch) {
    Map<ImageKey, Set<String>> names = new HashMap<>();
    for (ImageCandidate winner : winners) {
      String arch = winner.image().architecture();
      for (String name : names(winner.aliasNames(), winner.productArch(), arch.equals(hostArch))) {
        List<Claim> list = claims.getOrDefault(new AliasKey(name, arch, winner.image().type()), List.of());
        if (list.size() == 1 && list.get(0).fingerprint().equals(winner.fingerprint())) {
          names.computeIfAbsent(new ImageKey(winner.fingerprint(), arch, winner.image().type()), f -> new LinkedHashSet<>()).add(name);
        }
      }
    }
    Map<ImageKey, List<String>> out = new HashMap<>();
    names.forEach((fingerprint, set) -> out.put(fingerprint, List.copyOf(set)));
    return out;
  }

  private static void warnAmbiguities(Map<AliasKey, List<Claim>> claims, Warnings warnings) {
    claims.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .map(e -> "alias " + e.getKey() + " is claimed by several products: " + describe(e.getValue()))
        .sorted()
        .forEach(warnings::add);
  }

  private static String describe(List<Claim> list) {
    List<String> parts = new ArrayList<>();
    for (Claim c : list) {
      parts.add(c.describe());
    }
    return String.join(", ", parts);
  }
}

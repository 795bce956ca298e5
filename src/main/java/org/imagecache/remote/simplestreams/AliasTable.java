package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.image.AmbiguousReferenceException;
import org.imagecache.image.ImageType;

/**
 * Who holds each alias, computed once when the catalog is built so that resolving is one hash lookup.
 *
 * <p>The rules are LXD's and Incus's ({@code applyAliases}): each name in a product's {@code aliases}
 * gives {@code name/<arch>} (arch as the product writes it) on every architecture, and the plain
 * {@code name} only on the host's. Within a product and image type the newest serial wins, then the
 * preferred rootfs (squashfs over root.tar.xz; disk-kvm.img over uefi1.img over disk1.img), then lxd
 * metadata over incus. Where LXD lets the first product in sort order win when two products claim the
 * same alias for the same architecture and type, we record an ambiguity: resolving it fails with
 * reason {@code ambiguous_alias} and it is listed on neither image. Two products whose winners have
 * the same fingerprint are not ambiguous.
 */
final class AliasTable {
  static final String AMBIGUOUS = "ambiguous_alias";

  /** One product's winner for an alias. */
  private record Claim(String productId, String fingerprint) {}

  private final Map<AliasKey, List<Claim>> claims;
  private final Map<String, List<String>> namesByFingerprint;
  private final int ambiguousCount;

  private AliasTable(Map<AliasKey, List<Claim>> claims, Map<String, List<String>> names, int ambiguous) {
    this.claims = claims;
    this.namesByFingerprint = names;
    this.ambiguousCount = ambiguous;
  }

  static AliasTable build(List<ImageCandidate> candidates, String hostArch, Warnings warnings) {
    List<ImageCandidate> winners = productWinners(candidates);
    Map<AliasKey, List<Claim>> claims = new HashMap<>();
    for (ImageCandidate winner : winners) {
      for (AliasKey key : keysOf(winner, hostArch)) {
        List<Claim> list = claims.computeIfAbsent(key, k -> new ArrayList<>(1));
        if (list.stream().noneMatch(c -> c.fingerprint().equals(winner.fingerprint()))) {
          list.add(new Claim(winner.productId(), winner.fingerprint()));
        }
      }
    }
    int ambiguous = 0;
    for (Map.Entry<AliasKey, List<Claim>> entry : claims.entrySet()) {
      if (entry.getValue().size() > 1) {
        ambiguous++;
        warnings.add("alias " + entry.getKey() + " is claimed by several products: "
            + describe(entry.getValue()));
      }
    }
    return new AliasTable(claims, namesByImage(winners, claims, hostArch), ambiguous);
  }

  /** The fingerprint the alias resolves to, or null when no image holds it. */
  String resolve(AliasKey key) {
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

  /** The alias names an image holds, in LXD's listing order. */
  List<String> namesOf(String fingerprint) {
    return namesByFingerprint.getOrDefault(fingerprint, List.of());
  }

  int size() {
    return claims.size();
  }

  int ambiguousCount() {
    return ambiguousCount;
  }

  /** The preferred candidate of each (product, architecture, type) that has aliases, in a stable order. */
  private static List<ImageCandidate> productWinners(List<ImageCandidate> candidates) {
    Map<List<Object>, ImageCandidate> best = new LinkedHashMap<>();
    for (ImageCandidate c : candidates) {
      if (c.aliasNames().isEmpty()) {
        continue;
      }
      List<Object> group = List.of(c.productId(), c.image().architecture(), c.image().type());
      best.merge(group, c, (a, b) -> ImageCandidate.PREFERRED_FIRST.compare(a, b) <= 0 ? a : b);
    }
    List<ImageCandidate> winners = new ArrayList<>(best.values());
    winners.sort(Comparator.comparing(ImageCandidate::productId)
        .thenComparing(c -> c.image().type()).thenComparing(ImageCandidate::fingerprint));
    return winners;
  }

  private static List<AliasKey> keysOf(ImageCandidate c, String hostArch) {
    String arch = c.image().architecture();
    ImageType type = c.image().type();
    boolean native_ = arch.equals(hostArch);
    List<AliasKey> keys = new ArrayList<>(c.aliasNames().size() * 2);
    for (String name : c.aliasNames()) {
      if (native_) {
        keys.add(new AliasKey(name, arch, type));
      }
      keys.add(new AliasKey(name + "/" + c.productArch(), arch, type));
    }
    return keys;
  }

  private static Map<String, List<String>> namesByImage(
      List<ImageCandidate> winners, Map<AliasKey, List<Claim>> claims, String hostArch) {
    Map<String, Set<String>> names = new HashMap<>();
    for (ImageCandidate winner : winners) {
      for (AliasKey key : keysOf(winner, hostArch)) {
        if (claims.get(key).size() == 1) {
          names.computeIfAbsent(winner.fingerprint(), f -> new LinkedHashSet<>()).add(key.name());
        }
      }
    }
    Map<String, List<String>> out = new HashMap<>();
    names.forEach((fingerprint, set) -> out.put(fingerprint, List.copyOf(set)));
    return out;
  }

  private static String describe(List<Claim> list) {
    List<String> parts = new ArrayList<>();
    for (Claim c : list) {
      parts.add("product '" + c.productId() + "' (" + c.fingerprint() + ")");
    }
    return String.join(", ", parts);
  }
}

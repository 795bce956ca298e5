package org.imagecache.remote.simplestreams;

import java.util.List;
import java.util.TreeSet;
import org.imagecache.image.Architecture;
import org.imagecache.image.ImageType;

/**
 * What a lookup that found nothing might have meant: the same alias as the other image type, or for
 * other architectures. A decision on the catalog in memory, no I/O.
 */
final class AliasElsewhere {
  private AliasElsewhere() {}

  /** A suggestion to append to the not-found message ({@code "; ..."}), or empty. */
  static String of(Catalog c, String alias, String architecture, ImageType type) {
    for (ImageType other : ImageType.values()) {
      if (other != type && AliasResolution.resolve(c, alias, architecture, other).isPresent()) {
        return "; a " + other + " image of it exists (ask with type " + other + ")";
      }
    }
    TreeSet<String> architectures = new TreeSet<>();
    for (CatalogImage i : c.images()) {
      if (i.type() == type && namesAlias(i, alias)) {
        architectures.add(i.architecture());
      }
    }
    architectures.remove(architecture);
    return architectures.isEmpty() ? "" : "; it exists for " + String.join(", ", architectures);
  }

  /** The image carries the alias, plainly or as {@code alias/<arch>} with its architecture named as a product may name it. */
  private static boolean namesAlias(CatalogImage image, String alias) {
    List<String> aliases = image.aliases();
    return aliases.contains(alias) || aliases.contains(alias + "/" + image.architecture())
        || Architecture.catalogNames(image.architecture()).stream().anyMatch(n -> aliases.contains(alias + "/" + n));
  }
}

package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imagecache.image.Architecture;
import org.imagecache.image.ImageType;

/** Resolves an alias in a catalog for an architecture and type, as a launch and an auto-update do. */
public final class AliasResolution {
  private AliasResolution() {}

  /**
   * The alias as given, else (for an architecture that is not the host's, whose plain aliases the
   * catalog does not carry) {@code alias/<arch>} with the architecture named as a product may name it
   * ({@code testos/1/arm64}, {@code cirros/x86_64}, {@code focal/armhf}), in LXD's table order.
   */
  public static Optional<CatalogImage> resolve(Catalog c, String alias, String architecture, ImageType type) {
    Optional<CatalogImage> plain = c.resolveAlias(alias, architecture, type);
    if (plain.isPresent()) {
      return plain;
    }
    List<String> names = new ArrayList<>();
    names.add(architecture);
    names.addAll(Architecture.catalogNames(architecture));
    for (String name : names) {
      Optional<CatalogImage> found = c.resolveAlias(alias + "/" + name, architecture, type);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * What a lookup of the alias that found nothing might have meant, as a suffix for the not-found
   * message ({@code "; ..."}), or empty.
   */
  public static String elsewhere(Catalog c, String alias, String architecture, ImageType type) {
    return AliasElsewhere.of(c, alias, architecture, type);
  }
}

package org.imagecache.resolve;

import java.util.Optional;
import org.imagecache.image.Architecture;
import org.imagecache.image.ImageType;
import org.imagecache.remote.simplestreams.Catalog;
import org.imagecache.remote.simplestreams.CatalogImage;

/** Resolves an alias in a catalog for an architecture and type, as a launch and an auto-update do. */
public final class CatalogAliases {
  private CatalogAliases() {}

  /**
   * The alias as given, else (for an architecture that is not the host's, whose plain aliases the
   * catalog does not carry) {@code alias/<arch>} as the catalog lists it ({@code testos/1/arm64}).
   */
  public static Optional<CatalogImage> resolve(Catalog c, String alias, String architecture, ImageType type) {
    return c.resolveAlias(alias, architecture, type)
        .or(() -> Architecture.debianName(architecture).flatMap(d -> c.resolveAlias(alias + "/" + d, architecture, type)));
  }
}

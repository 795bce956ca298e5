package org.imagecache.resolve;

import org.imagecache.image.LocalImage;
import org.imagecache.image.RemoteImage;
import org.imagecache.remote.RemoteSource;
import org.jspecify.annotations.Nullable;

/** Where a lookup's image is: already a record of the project, or in a remote's catalog. */
public sealed interface Resolution {
  /** A record of the project answers it. */
  record Local(LocalImage image, LookupResult.@Nullable Source source) implements Resolution {}

  /**
   * The remote's catalog names it; it may still be here (another project) or need a download.
   *
   * @param catalogAge how old the catalog that named it was, and whether it was stale
   */
  record InCatalog(RemoteImage image, RemoteSource remote, LookupResult.Source source, LookupResult.CatalogAge catalogAge)
      implements Resolution {}
}

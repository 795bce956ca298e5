package org.imagecache.remote;

import io.vertx.core.Future;
import java.util.Optional;
import org.imagecache.config.RemoteConfig;

/**
 * A remote's catalog as lookups, refreshes and the API use it: the remote's own ({@link RemoteCatalog}),
 * or, for a remote with mirrors, the first of its sources that answers ({@link ChainedCatalog}).
 */
public interface CatalogView {
  RemoteConfig config();

  /** The catalog a lookup resolves against, with its age (see {@link RemoteCatalog#catalog()}). */
  Future<CatalogRead> catalog();

  /** The catalog no older than its TTL, fetched now when it is not (see {@link RemoteCatalog#freshCatalog()}). */
  Future<ImageIndex> freshCatalog();

  /** Fetches now, ignoring any backoff. */
  Future<CatalogSnapshot> refreshNow();

  /** A listed file is gone: the next use waits for a fresh catalog. */
  void invalidate();

  /** The snapshot in memory now, without waiting, loading or fetching. */
  Optional<CatalogSnapshot> current();

  /** The status once the stored catalog, if any, has been looked at. */
  Future<RemoteStatus> loadedStatus();

  RemoteStatus status();
}

package org.imagecache.remote;

import java.time.Instant;
import java.util.Map;
import org.imagecache.remote.simplestreams.Catalog;

/**
 * A remote's catalog as last fetched: the parsed catalog, when it was fetched (or last confirmed
 * unchanged), and the validators of each document for the next conditional fetch. The documents'
 * bytes live on disk ({@link SnapshotStore}), not in memory.
 */
public record CatalogSnapshot(Catalog catalog, Instant fetchedAt, Map<String, Fetched.Validators> validators) {
  public CatalogSnapshot {
    validators = Map.copyOf(validators);
  }

  public CatalogSnapshot confirmedAt(Instant at) {
    return new CatalogSnapshot(catalog, at, validators);
  }
}

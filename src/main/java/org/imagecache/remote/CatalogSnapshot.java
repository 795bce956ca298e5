package org.imagecache.remote;

import java.time.Instant;
import java.util.Map;
import org.imagecache.remote.simplestreams.Catalog;

/**
 * A remote's catalog as last fetched: the parsed catalog, when it was fetched (or last confirmed
 * unchanged), and the validators of each document for the next conditional fetch. The documents'
 * bytes live on disk ({@link SnapshotStore}), not in memory.
 */
public record CatalogSnapshot(SimplestreamsIndex simplestreams, Instant fetchedAt, Map<String, Fetched.Validators> validators) {
  public CatalogSnapshot {
    validators = Map.copyOf(validators);
  }

  CatalogSnapshot(Catalog catalog, Instant fetchedAt, Map<String, Fetched.Validators> validators) {
    this(new SimplestreamsIndex(catalog), fetchedAt, validators);
  }

  /** The catalog as the protocol-neutral index the rest of the service sees (the same one for the same catalog). */
  public ImageIndex index() {
    return simplestreams;
  }

  Catalog catalog() {
    return simplestreams.catalog();
  }

  public CatalogSnapshot confirmedAt(Instant at) {
    return new CatalogSnapshot(simplestreams, at, validators);
  }
}

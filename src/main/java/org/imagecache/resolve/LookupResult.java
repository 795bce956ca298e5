package org.imagecache.resolve;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a launch lookup.
 *
 * @param present the image was already here (no download by this call)
 * @param cached LXD's flag of the image record: it came by a launch (and expires unused), not by an
 *     explicit pull
 * @param downloaded this call (or the download it joined) fetched it
 * @param source where it came from, or null for a local-only lookup
 * @param files absolute paths: meta (or the unified file) and root (null for a unified image)
 * @param lease the launch lease this lookup holds
 * @param instanceLease the instance lease, when the lookup named an instance, else null
 * @param catalogAge seconds since the remote's catalog that resolved it was fetched (or confirmed);
 *     null when no catalog was used (a local or prefer-cached answer)
 * @param catalogStale that catalog was older than {@code catalog_ttl} (answered while it refreshes, or
 *     because the remote failed); null when no catalog was used
 */
public record LookupResult(
    String fingerprint,
    boolean present,
    boolean cached,
    boolean downloaded,
    @Nullable Source source,
    Files files,
    long size,
    String architecture,
    String type,
    LeaseRef lease,
    @Nullable LeaseRef instanceLease,
    @Nullable Long catalogAge,
    @Nullable Boolean catalogStale) {

  /** The remote an image was resolved through. */
  public record Source(String remote, String server, String protocol, @Nullable String alias) {}

  /** Absolute paths of the image's files. */
  public record Files(String meta, @Nullable String root) {}

  /** How old the catalog that resolved a lookup was. */
  public record CatalogAge(long seconds, boolean stale) {}

  /** A lease's id and expiry (null expiry: until deleted). */
  public record LeaseRef(String id, @Nullable Instant expiresAt) {}
}

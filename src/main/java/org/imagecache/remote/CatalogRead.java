package org.imagecache.remote;

import java.time.Instant;

/**
 * A catalog as one use got it, with how old it was then: what every answer resolved through a catalog
 * reports as {@code catalog_age} and {@code catalog_stale}.
 *
 * @param fetchedAt when the catalog was fetched, or last confirmed unchanged
 * @param ageSeconds its age when the use was answered
 * @param stale older than {@code catalog_ttl} (answered while a refresh runs, or because the remote
 *     failed), or known to list a file the remote no longer has
 * @param answer how the use was answered: whether the remote was asked, and whether it answered
 */
public record CatalogRead(ImageIndex catalog, Instant fetchedAt, long ageSeconds, boolean stale, Answer answer) {
  /** How a use got its catalog. */
  public enum Answer {
    /** From memory (or disk): the remote was not asked for this use. */
    KEPT,
    /** The remote was asked and answered (with a new catalog, or the same one again). */
    FETCHED,
    /** The remote was asked and failed: the old catalog answered. */
    KEPT_AFTER_FAILURE
  }
}

package org.imagecache.resolve;

/** Who decided that an image goes, which decides what keeps it. */
public enum Decider {
  /** An operator's explicit delete: only a lease stops it. */
  OPERATOR,
  /**
   * The cache itself (prune, auto-update's superseded revisions): a lease stops it, and so does a
   * mirror listing of the last {@link ListingBook#PROTECTION} (reason {@code recently_listed}).
   */
  CACHE
}

package org.imagecache.image;

import java.util.List;

/**
 * A name or fingerprint prefix that points at more than one image, where picking one would be a guess.
 * The {@code reason} says which kind ({@code ambiguous_alias}, {@code ambiguous_fingerprint}); the
 * candidates are the full fingerprints it could mean.
 */
public final class AmbiguousReferenceException extends ImageCacheException {
  private final List<String> candidates;

  public AmbiguousReferenceException(String reason, String message, List<String> candidates) {
    super(reason, message, null);
    this.candidates = List.copyOf(candidates);
  }

  /** The full fingerprints the reference matches, at least two. */
  public List<String> candidates() {
    return candidates;
  }
}

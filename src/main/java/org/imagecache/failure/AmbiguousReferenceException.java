package org.imagecache.failure;

import java.util.List;

/**
 * A name or fingerprint prefix that points at more than one image, where picking one would be a guess.
 * The {@code reason} says which kind ({@code ambiguous_alias}, {@code ambiguous_fingerprint}); the
 * candidates name what it could mean, by full fingerprint where there is one.
 */
public final class AmbiguousReferenceException extends ImageCacheException {
  private final List<String> candidates;

  public AmbiguousReferenceException(String reason, String message, List<String> candidates) {
    super(Kind.AMBIGUOUS_REFERENCE, reason, message, null);
    this.candidates = List.copyOf(candidates);
  }

  /** What the reference matches, at least two: full fingerprints, or other names where none exists. */
  public List<String> candidates() {
    return candidates;
  }
}

package org.imagecache.testing;

import org.imagecache.image.Fingerprint;

/** Readable test fingerprints: a short hex stem padded to 64 characters. */
public final class Fingerprints {
  private Fingerprints() {}

  /** {@code fp("ab")} is {@code ab000...0} (64 characters); the stem must be lowercase hex. */
  public static Fingerprint fp(String stem) {
    return Fingerprint.of(stem + "0".repeat(64 - stem.length()));
  }
}

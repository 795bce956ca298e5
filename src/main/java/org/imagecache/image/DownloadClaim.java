package org.imagecache.image;

import java.time.Instant;
import java.util.Objects;

/**
 * A member's claim to download a fingerprint's files from the upstream for the whole tier: the others
 * fetch them from it. It lasts until {@code expiresAt} unless its owner renews it; one taken over after
 * that has the next {@code generation}, and the former owner, fenced, does not publish.
 */
public record DownloadClaim(Fingerprint fingerprint, String owner, long generation, Instant expiresAt) {
  public DownloadClaim {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean expiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }
}

package org.imagecache.image;

import java.util.Objects;

/**
 * A member of the tier as another member fetches from it: its mirror listener's address and the SHA-256
 * (hex) of the certificate that listener shows (empty when it published none).
 */
public record Peer(String name, String address, String certificate) {
  public Peer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(certificate, "certificate");
  }

  /** Whether the others can fetch from it at all (a member with no {@code cluster.address} cannot be). */
  public boolean reachable() {
    return !address.isEmpty();
  }
}

package org.imagecache.testing;

import java.time.Instant;
import org.imagecache.image.Lease;

/** Lease fixtures. */
public final class Leases {
  private Leases() {}

  public static Lease launch(String id, long imageId, Instant createdAt, Instant expiresAt) {
    return new Lease(id, imageId, "default", "launch:" + id, Lease.Kind.LAUNCH, createdAt, expiresAt);
  }

  public static Lease instance(String id, long imageId, Instant createdAt) {
    return new Lease(id, imageId, "default", "instance:" + id, Lease.Kind.INSTANCE, createdAt, null);
  }
}

package org.imagecache.image;

import java.time.Instant;
import org.imagecache.failure.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A promise not to delete an image. A launch lease expires; an instance lease ({@code expiresAt}
 * null) lasts until deleted.
 */
public record Lease(String id, long imageId, String project, String holder, Kind kind, Instant createdAt,
    @Nullable Instant expiresAt) {
  public enum Kind {
    LAUNCH("launch"),
    INSTANCE("instance");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Kind fromWireName(String name) {
      for (Kind k : values()) {
        if (k.wireName.equals(name)) {
          return k;
        }
      }
      throw new InvalidInputException("invalid_lease_kind", "Unknown lease kind '" + name + "' (launch or instance)");
    }
  }

  public boolean activeAt(Instant now) {
    return expiresAt == null || expiresAt.isAfter(now);
  }
}

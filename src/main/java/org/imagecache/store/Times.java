package org.imagecache.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Instants are stored as epoch milliseconds; null stays null. */
final class Times {
  private Times() {}

  static @Nullable Long millis(@Nullable Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static @Nullable Instant instant(@Nullable Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}

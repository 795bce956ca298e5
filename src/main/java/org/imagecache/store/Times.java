package org.imagecache.store;

import java.time.Instant;

/** Instants are stored as epoch milliseconds; null stays null. */
final class Times {
  private Times() {}

  static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}

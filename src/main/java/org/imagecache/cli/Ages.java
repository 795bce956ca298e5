package org.imagecache.cli;

/** Ages as people read them: 45s, 12m, 3h, 2d. */
final class Ages {
  private Ages() {}

  static String human(long seconds) {
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return seconds / 60 + "m";
    }
    if (seconds < 172_800) {
      return seconds / 3600 + "h";
    }
    return seconds / 86_400 + "d";
  }
}

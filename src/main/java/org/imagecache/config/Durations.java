package org.imagecache.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations as configuration writes them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
  /** The longest duration any key takes: ten years (longer ones overflow the millisecond clocks they feed). */
  public static final Duration MAX = Duration.ofDays(3650);

  private Durations() {}

  /** Returns the duration, or throws IllegalArgumentException with what a valid value looks like. */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("is not a duration (a number and a unit: ms, s, m, h or d, such as 10m)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("is longer than the longest duration allowed (3650d)");
    }
    return d;
  }

  /** The shortest exact form: 10m, 1h, 90s. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms > 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0 && ms > 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0 && ms > 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}

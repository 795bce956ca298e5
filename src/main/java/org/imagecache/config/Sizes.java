package org.imagecache.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes as configuration writes them: {@code 1024}, {@code 64KiB}, {@code 20GiB}, {@code 5GB}. */
public final class Sizes {
  private static final Pattern FORM = Pattern.compile("(\\d{1,15})\\s*([a-zA-Z]*)");
  private static final Map<String, Long> UNITS = Map.of(
      "", 1L, "b", 1L,
      "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40,
      "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L, "tb", 1_000_000_000_000L);

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("is not a size (bytes with an optional unit: KiB, MiB, GiB, TiB, KB, MB, GB, TB)");
    }
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("is too large");
    }
  }

  /** A human form with binary units, one decimal: 1.5GiB, 300B. */
  public static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return i == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.1f%s", v, units[i]);
  }
}

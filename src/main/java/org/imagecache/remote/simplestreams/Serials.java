package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Dates and order of version serials.
 *
 * <p>The creation date is the date that begins the serial ({@code 20260508} of {@code 20260508_0431}
 * or {@code 20240821.1}) at midnight UTC. That is what LXD 5.0.2 and Incus do ({@code
 * time.Parse("20060102", name[0:8])}), and what the LXD listings among the fixtures show
 * ({@code 2026-05-08T00:00:00Z} for {@code 20260508_0431}). Newer LXD first tries
 * {@code 20060102_0304} and would give 04:31; we keep the date-only rule so both agree on the day.
 * A serial that does not begin with a valid date ({@code samepaths}, {@code 14.04.4-LTS}) has no
 * creation date, and LXD skips such versions.
 */
final class Serials {
  /** Newest first: digit runs compare as numbers, so {@code 20200529.10} is newer than {@code .9}. */
  static final Comparator<String> NEWEST_FIRST = Serials::compareNatural;

  private Serials() {}

  static Optional<Instant> createdAt(String serial) {
    if (serial.length() < 8) {
      return Optional.empty();
    }
    return date(serial, 0);
  }

  /** A {@code YYYY-MM-DD} date ({@code support_eol}) at midnight UTC; empty when it is not one. */
  static Optional<Instant> endOfLife(@Nullable String text) {
    if (text == null || text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return Optional.empty();
    }
    return date(text.substring(0, 4) + text.substring(5, 7) + text.substring(8, 10), 0);
  }

  private static Optional<Instant> date(String text, int from) {
    int year = digits(text, from, 4);
    int month = digits(text, from + 4, 2);
    int day = digits(text, from + 6, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1) {
      return Optional.empty();
    }
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return Optional.empty();
    }
    return Optional.of(LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static int digits(String text, int from, int count) {
    if (from + count > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int ei = runEnd(a, i);
        int ej = runEnd(b, j);
        int byNumber = compareNumbers(a, i, ei, b, j, ej);
        if (byNumber != 0) {
          return -byNumber;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return -Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int rest = -Integer.compare(a.length() - i, b.length() - j);
    return rest != 0 ? rest : -a.compareTo(b);
  }

  /**
   * Compares the digit runs {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)} as numbers: leading zeros
   * aside, the longer run is the larger number, and runs of one length compare digit by digit.
   */
  private static int compareNumbers(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
    int i = skipLeadingZeros(a, aFrom, aTo);
    int j = skipLeadingZeros(b, bFrom, bTo);
    int byLength = Integer.compare(aTo - i, bTo - j);
    if (byLength != 0) {
      return byLength;
    }
    for (; i < aTo; i++, j++) {
      int byDigit = Character.compare(a.charAt(i), b.charAt(j));
      if (byDigit != 0) {
        return byDigit;
      }
    }
    return 0;
  }

  /** Where the number in the digit run {@code s[from, to)} begins; a run of zeros keeps its last one. */
  private static int skipLeadingZeros(String s, int from, int to) {
    int k = from;
    while (k < to - 1 && s.charAt(k) == '0') {
      k++;
    }
    return k;
  }

  private static int runEnd(String s, int from) {
    int k = from;
    while (k < s.length() && isDigit(s.charAt(k))) {
      k++;
    }
    return k;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

package org.imagecache.image;

import java.util.Objects;
import org.imagecache.failure.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of an image's files (metadata file then rootfs file for split images): 64 lowercase hex
 * characters. It names the image everywhere: in catalogs, in the database and on disk.
 */
public record Fingerprint(String hex) implements Comparable<Fingerprint> {
  private static final int LENGTH = 64;
  private static final int MIN_PREFIX = 12;
  /** Which characters below 'g' are lowercase hex digits. */
  private static final boolean[] LOWER_HEX = lowerHexTable();

  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!isLowerHex(hex, LENGTH, LENGTH)) {
      throw new InvalidInputException("invalid_fingerprint", "Fingerprint must be 64 lowercase hex characters");
    }
  }

  public static Fingerprint of(String hex) {
    return new Fingerprint(hex);
  }

  public static boolean isValid(@Nullable String hex) {
    return hex != null && isLowerHex(hex, LENGTH, LENGTH);
  }

  /** A prefix a caller may name an image by: 12 to 64 lowercase hex characters. */
  public static String checkPrefix(@Nullable String prefix) {
    if (prefix == null || !isLowerHex(prefix, MIN_PREFIX, LENGTH)) {
      throw new InvalidInputException("invalid_fingerprint", "Fingerprint must be 12 to 64 lowercase hex characters" + whatIsWrong(prefix));
    }
    return prefix;
  }

  /** What is wrong with a rejected prefix, as the end of the message. */
  private static String whatIsWrong(@Nullable String prefix) {
    if (prefix == null) {
      return "";
    }
    if (isLowerHex(prefix, 1, LENGTH) && prefix.length() < MIN_PREFIX) {
      return ": '" + prefix + "' has " + prefix.length() + " (give at least the 12 that `images list` shows)";
    }
    if (prefix.length() > LENGTH) {
      return ": '" + prefix.substring(0, 16) + "...' has " + prefix.length();
    }
    return ": '" + prefix + "' is not";
  }

  /**
   * True when the text is {@code min} to {@code max} characters of {@code [0-9a-f]}. A plain loop
   * rather than a regular expression: catalogs check every hash they list. It looks each character up
   * in {@link #LOWER_HEX} rather than asking "digit or letter?": in a hash that answer is random, and
   * a branch on it is mispredicted about every other character, which made the check several times
   * slower.
   */
  private static boolean isLowerHex(String text, int min, int max) {
    if (text.length() < min || text.length() > max) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= LOWER_HEX.length || !LOWER_HEX[c]) {
        return false;
      }
    }
    return true;
  }

  private static boolean[] lowerHexTable() {
    boolean[] table = new boolean['f' + 1];
    for (char c : "0123456789abcdef".toCharArray()) {
      table[c] = true;
    }
    return table;
  }

  /** The first 12 characters, as LXD shows them. */
  public String shortForm() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(Fingerprint other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}

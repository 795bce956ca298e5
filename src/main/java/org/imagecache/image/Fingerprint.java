package org.imagecache.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 of an image's files (metadata file then rootfs file for split images): 64 lowercase hex
 * characters. It names the image everywhere: in catalogs, in the database and on disk.
 */
public record Fingerprint(String hex) implements Comparable<Fingerprint> {
  private static final Pattern FULL = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{12,64}");

  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!FULL.matcher(hex).matches()) {
      throw new InvalidInputException("invalid_fingerprint", "Fingerprint must be 64 lowercase hex characters");
    }
  }

  public static Fingerprint of(String hex) {
    return new Fingerprint(hex);
  }

  public static boolean isValid(String hex) {
    return hex != null && FULL.matcher(hex).matches();
  }

  /** A prefix a caller may name an image by: 12 to 64 lowercase hex characters. */
  public static String checkPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new InvalidInputException(
          "invalid_fingerprint", "Fingerprint must be 12 to 64 lowercase hex characters");
    }
    return prefix;
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

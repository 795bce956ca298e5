package org.imagecache.config;

/**
 * A disk watermark for the image store: a share of its filesystem ({@code 85%}) or an absolute size
 * ({@code 20GiB}).
 */
public record Watermark(Kind kind, long value) {
  public enum Kind { PERCENT, BYTES }

  public static Watermark parse(String text) {
    String t = text.trim();
    if (t.endsWith("%")) {
      int pct;
      try {
        pct = Integer.parseInt(t.substring(0, t.length() - 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("is not a percentage such as 85% or a size such as 20GiB");
      }
      if (pct < 1 || pct > 100) {
        throw new IllegalArgumentException("must be between 1% and 100%");
      }
      return new Watermark(Kind.PERCENT, pct);
    }
    return new Watermark(Kind.BYTES, Sizes.parse(t));
  }

  /** The threshold in bytes for a filesystem of the given total size. */
  public long bytesOf(long filesystemBytes) {
    return kind == Kind.PERCENT ? filesystemBytes / 100 * value : value;
  }

  @Override
  public String toString() {
    return kind == Kind.PERCENT ? value + "%" : Sizes.human(value);
  }
}

package org.imagecache.mirror;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The part of a file a {@code Range} header asks for (RFC 9110, one byte range; several ranges, or a
 * header that is not a byte range, are answered with the whole file, as the RFC allows). Pure.
 */
public sealed interface ByteRange permits ByteRange.Whole, ByteRange.Part, ByteRange.Unsatisfiable {
  /** The whole file (200). */
  record Whole(long size) implements ByteRange {}

  /** Bytes {@code first} to {@code last} inclusive (206). */
  record Part(long first, long last, long size) implements ByteRange {
    public long length() {
      return last - first + 1;
    }

    public String contentRange() {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  /** No byte of the range is in the file (416). */
  record Unsatisfiable(long size) implements ByteRange {
    public String contentRange() {
      return "bytes */" + size;
    }
  }

  Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  static ByteRange of(@Nullable String header, long size) {
    if (header == null) {
      return new Whole(size);
    }
    Matcher m = ONE_RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Whole(size);
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        return suffix == 0 || size == 0 ? new Unsatisfiable(size) : new Part(Math.max(0, size - suffix), size - 1, size);
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (first >= size) {
        return new Unsatisfiable(size);
      }
      return last < first ? new Whole(size) : new Part(first, last, size);
    } catch (NumberFormatException e) {
      return new Whole(size);
    }
  }
}

package org.imagecache.remote.simplestreams;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rule that keeps catalog paths under the remote's base URL. A path is refused when it is empty,
 * absolute ({@code /x}, {@code //host/x}), has a scheme ({@code http://x}, {@code file:x}: a colon in
 * the first segment), holds a backslash, a control character, {@code ?} or {@code #}, a malformed
 * percent escape, or a {@code ..} segment, also when percent-encoded ({@code %2e%2e}, decoded
 * repeatedly so double encoding does not get through).
 */
final class ItemPaths {
  private static final int MAX_DECODE_ROUNDS = 3;
  private static final String LEAVES_BASE = "leaves its base (a '..' segment)";

  private ItemPaths() {}

  /** Why the path is refused, or empty when it is safe. */
  static Optional<String> problem(String path) {
    if (path.isEmpty()) {
      return Optional.of("is empty");
    }
    if (path.charAt(0) == '/') {
      return Optional.of("is absolute");
    }
    int slash = path.indexOf('/');
    int colon = path.indexOf(':');
    if (colon >= 0 && (slash < 0 || colon < slash)) {
      return Optional.of("has a scheme");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#') {
        return Optional.of("holds a forbidden character");
      }
    }
    return segmentsProblem(path);
  }

  private static Optional<String> segmentsProblem(String path) {
    if (path.indexOf('%') < 0) {
      return hasDotDotSegment(path) ? Optional.of(LEAVES_BASE) : Optional.empty();
    }
    for (String segment : path.split("/", -1)) {
      String decoded = segment;
      for (int round = 0; round < MAX_DECODE_ROUNDS && decoded.indexOf('%') >= 0; round++) {
        decoded = percentDecode(decoded);
        if (decoded == null) {
          return Optional.of("has a malformed percent escape");
        }
      }
      if (decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
        return Optional.of(LEAVES_BASE);
      }
    }
    return Optional.empty();
  }

  /** Whether a path without escapes has a literal {@code ..} segment: the common case, without splitting. */
  private static boolean hasDotDotSegment(String path) {
    for (int at = path.indexOf(".."); at >= 0; at = path.indexOf("..", at + 1)) {
      boolean startsSegment = at == 0 || path.charAt(at - 1) == '/';
      boolean endsSegment = at + 2 == path.length() || path.charAt(at + 2) == '/';
      if (startsSegment && endsSegment) {
        return true;
      }
    }
    return false;
  }

  /** Decodes %XX escapes byte by byte (enough to see dots and slashes); null when malformed. */
  private static @Nullable String percentDecode(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      if (i + 2 >= text.length()) {
        return null;
      }
      int hi = hexValue(text.charAt(i + 1));
      int lo = hexValue(text.charAt(i + 2));
      if (hi < 0 || lo < 0) {
        return null;
      }
      sb.append((char) (hi * 16 + lo));
      i += 2;
    }
    return sb.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

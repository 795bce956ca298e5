package org.imagecache.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;

/**
 * Refuses a request path with a {@code .} or {@code ..} segment (also as {@code %2e}), a malformed
 * {@code %} escape, or escapes that do not decode as strict UTF-8 ({@code %c0%af}, an overlong '/'),
 * with a 400 {@code invalid_path}, before any route looks at it. The router would
 * otherwise resolve the dot segments, so that {@code DELETE /1.0/images/aliases/%2e%2e/<fp>} reached
 * the image's route, and would answer a bad escape outside the envelope.
 */
final class PathGuard implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path != null && !isClean(path)) {
      throw new InvalidInputException("invalid_path", "Path must not have '.' or '..' segments, malformed %-escapes or escapes that are not UTF-8: " + ImageCacheException.clip(path));
    }
    ctx.next();
  }

  /** True when every segment of the raw path is free of dot segments and every escape is {@code %} and two hex digits. */
  static boolean isClean(String rawPath) {
    if (rawPath.indexOf('%') < 0 && !rawPath.contains("/.")) {
      return true; // every API path but a hostile one: no split on the hot path
    }
    for (String segment : rawPath.split("/", -1)) {
      StringBuilder decodedDots = new StringBuilder();
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(segment.length());
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '%') {
          if (i + 2 >= segment.length() || !isHex(segment.charAt(i + 1)) || !isHex(segment.charAt(i + 2))) {
            return false;
          }
          String escape = segment.substring(i + 1, i + 3);
          decodedDots.append(escape.equalsIgnoreCase("2e") ? '.' : '%');
          bytes.write(Integer.parseInt(escape, 16));
          i += 2;
        } else {
          decodedDots.append(c);
          bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      String s = decodedDots.toString();
      if (s.equals(".") || s.equals("..") || !isStrictUtf8(bytes.toByteArray())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isStrictUtf8(byte[] bytes) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

package org.imagecache.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An HTTP/1.x response's status and headers, and how its body is framed (RFC 9112, section 6): chunked
 * when the last transfer coding is {@code chunked}, else by {@code Content-Length}, else until the
 * connection ends. Refuses what a smuggling-safe client refuses: a transfer coding other than chunked,
 * conflicting or malformed lengths, a header line folded or without a name. Plain Java, no I/O but
 * the reading of the lines.
 */
record ResponseHead(int status, Map<String, List<String>> headers) {
  /** How the body's end is known. */
  enum Framing { LENGTH, CHUNKED, UNTIL_CLOSE }

  /** A head that is not HTTP/1.x, or that frames its body in a way a client must refuse. */
  static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Reads a head, interim (1xx) answers skipped.
   *
   * @param budget the most bytes the head may take, every line's end included
   */
  static ResponseHead read(Wire wire, int budget) throws IOException {
    while (true) {
      int[] left = {budget};
      String status = next(wire, left);
      List<String> lines = new ArrayList<>();
      for (String line = next(wire, left); !line.isEmpty(); line = next(wire, left)) {
        lines.add(line);
      }
      ResponseHead head = parse(status, lines);
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
    }
  }

  private static String next(Wire wire, int[] left) throws IOException {
    String line = wire.line(left[0]);
    left[0] -= line.length() + 2; // its CRLF (a bare LF is counted as two as well)
    return line;
  }

  /** The head from its status line and header lines. */
  static ResponseHead parse(String statusLine, List<String> lines) throws MalformedException {
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
        || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
      throw new MalformedException("not an HTTP/1.x status line: " + clip(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new MalformedException("not an HTTP/1.x status line: " + clip(statusLine));
    }
    if (status < 100) {
      throw new MalformedException("not an HTTP/1.x status line: " + clip(statusLine));
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || !token(line.substring(0, colon))) {
        throw new MalformedException("a header line that is not \"name: value\": " + clip(line));
      }
      headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    ResponseHead head = new ResponseHead(status, headers);
    head.framing(); // refuses a body that cannot be framed
    return head;
  }

  /** The first value of a header (names compare case-insensitively). */
  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  Framing framing() throws MalformedException {
    List<String> codings = values("transfer-encoding");
    if (!codings.isEmpty()) {
      if (!codings.get(codings.size() - 1).equals("chunked") || codings.size() > 1) {
        throw new MalformedException("a transfer coding other than chunked: " + clip(String.join(", ", codings)));
      }
      return Framing.CHUNKED;
    }
    return length().isPresent() ? Framing.LENGTH : Framing.UNTIL_CLOSE;
  }

  /** The Content-Length, when there is one (only ever one value, however often repeated). */
  OptionalLong length() throws MalformedException {
    List<String> values = values("content-length");
    if (values.isEmpty()) {
      return OptionalLong.empty();
    }
    long length = -1;
    for (String v : values) {
      if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new MalformedException("a Content-Length that is not a number: " + clip(v));
      }
      long n = Long.parseLong(v);
      if (length != -1 && n != length) {
        throw new MalformedException("two different Content-Lengths: " + clip(String.join(", ", values)));
      }
      length = n;
    }
    return OptionalLong.of(length);
  }

  /** A list header's values, each comma-separated element on its own, lower-cased. */
  private List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (String v : headers.getOrDefault(name, List.of())) {
      for (String element : v.split(",")) {
        String e = element.strip().toLowerCase(Locale.ROOT);
        if (!e.isEmpty()) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static boolean token(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
  }

  private static String clip(String s) {
    return org.imagecache.failure.ImageCacheException.clip(s);
  }
}

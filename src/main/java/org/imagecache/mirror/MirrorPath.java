package org.imagecache.mirror;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a request path on the mirror names, read from the raw path (before any decoding, so that an
 * encoded dot, slash or backslash cannot become a step out): the index, the products file, or a file
 * by its SHA-256 and basename. Anything else is {@link Refused}. Pure.
 */
public final class MirrorPath {
  /** The target of a path. */
  public sealed interface Target permits Index, Products, FileRequest, PeerFile, Refused {
    /** The endpoint asked for, when the path names one. */
    default java.util.Optional<String> remote() {
      return java.util.Optional.empty();
    }
  }

  public record Index(String endpoint) implements Target {
    @Override
    public java.util.Optional<String> remote() {
      return java.util.Optional.of(endpoint);
    }
  }

  public record Products(String endpoint, String name) implements Target {
    @Override
    public java.util.Optional<String> remote() {
      return java.util.Optional.of(endpoint);
    }
  }

  public record FileRequest(String endpoint, String sha256, String basename) implements Target {
    @Override
    public java.util.Optional<String> remote() {
      return java.util.Optional.of(endpoint);
    }
  }

  /**
   * A file of this member's store by its name there ({@code <fp>}, {@code <fp>.rootfs} or {@code <fp>.disk}),
   * for another member of the tier ({@code /_tier/images/<name>}).
   */
  public record PeerFile(org.imagecache.image.Fingerprint fingerprint, String suffix) implements Target {
    /** Whether it is the image's second file (its root filesystem or disk), not the metadata or unified one. */
    public boolean second() {
      return !suffix.isEmpty();
    }
  }

  /** A path that names nothing here: 400 when it is malformed (traversal, bad encoding), 404 when merely unknown. */
  public record Refused(int status, String reason) implements Target {}

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~:@+,=%-]+");
  private static final Pattern REMOTE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern STORE_NAME = Pattern.compile("([0-9a-f]{64})(\\.rootfs|\\.disk)?");
  /** The peer path's first segment: no remote's name starts with an underscore. */
  static final String TIER = "_tier";
  private static final int MAX_PATH = 1024;

  private MirrorPath() {}

  public static Target parse(String rawPath) {
    if (rawPath.length() > MAX_PATH) {
      return new Refused(414, "path too long");
    }
    if (!rawPath.startsWith("/") || rawPath.contains("//") || rawPath.contains("\\")) {
      return new Refused(400, "malformed path");
    }
    List<String> segments = List.of(rawPath.substring(1).split("/", -1));
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches() || !isPlainName(segment)) {
        return new Refused(400, "malformed path");
      }
    }
    String remote = segments.get(0);
    if (remote.equals(TIER)) {
      java.util.regex.Matcher name = STORE_NAME.matcher(segments.get(segments.size() - 1));
      return segments.size() == 3 && segments.get(1).equals("images") && name.matches()
          ? new PeerFile(org.imagecache.image.Fingerprint.of(name.group(1)), Optional.ofNullable(name.group(2)).orElse(""))
          : new Refused(404, "no such path");
    }
    if (!REMOTE.matcher(remote).matches()) {
      return new Refused(404, "no such endpoint");
    }
    if (segments.size() == 4 && segments.get(1).equals("streams") && segments.get(2).equals("v1")) {
      String name = segments.get(3);
      return name.equals("index.json") ? new Index(remote) : name.contains("%") ? new Refused(404, "no such document")
          : new Products(remote, name);
    }
    if (segments.size() == 4 && segments.get(1).equals("files")) {
      if (!SHA256.matcher(segments.get(2)).matches()) {
        return new Refused(404, "no such file");
      }
      return new FileRequest(remote, segments.get(2), decode(segments.get(3)).orElseThrow());
    }
    return new Refused(404, "no such path");
  }

  /**
   * Whether a raw segment decodes (strictly) to a name that is not {@code .} or {@code ..} and holds no
   * slash, backslash or control character: an encoded step out is as malformed as a plain one.
   */
  private static boolean isPlainName(String segment) {
    Optional<String> decoded = decode(segment);
    if (decoded.isEmpty()) {
      return false;
    }
    String name = decoded.get();
    return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\\') < 0
        && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  /** Strict percent-decoding to UTF-8: a bad escape or an invalid (or overlong) UTF-8 sequence gives empty. */
  static Optional<String> decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= segment.length()) {
        return Optional.empty();
      }
      int hi = Character.digit(segment.charAt(i + 1), 16);
      int lo = Character.digit(segment.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return Optional.empty();
      }
      bytes.write(hi << 4 | lo);
      i += 2;
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}

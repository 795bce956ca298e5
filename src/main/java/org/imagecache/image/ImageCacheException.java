package org.imagecache.image;

/**
 * The root of imagecache's own failures. Each carries a stable {@code reason} (such as
 * {@code invalid_fingerprint}) that the API shows as {@code metadata.reason}; HTTP statuses are chosen
 * at the edge, by the API's error mapper, from the subclass.
 */
public abstract class ImageCacheException extends RuntimeException {
  private final String reason;

  protected ImageCacheException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  /** A caller's value as a message quotes it: at most 64 characters, control characters escaped. */
  public static String clip(String value) {
    String t = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    StringBuilder sb = new StringBuilder();
    t.chars().forEach(c -> sb.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? String.format("\\x%02x", c) : String.valueOf((char) c)));
    return sb.toString();
  }
}

package org.imagecache.remote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A catalog document as fetched, with what the next fetch compares it against.
 *
 * @param bytes the document, or null when the remote answered 304 (then the previous bytes hold)
 * @param etag the ETag, or null
 */
public record Fetched(String path, byte @Nullable [] bytes, @Nullable String etag) {
  public boolean notModified() {
    return bytes == null;
  }

  /** The validators of a fetched document (its SHA-256 is computed here: call off the event loop). */
  public Validators validators() {
    return new Validators(etag, bytes == null ? null : sha256(bytes));
  }

  /**
   * What the next fetch of a document compares against: its ETag, sent back as {@code If-None-Match}
   * when it is a strong one, and the SHA-256 of its bytes, which tells an unchanged document fetched
   * whole (from a server without ETags) from a changed one. A {@code Last-Modified} date is never used:
   * {@code If-Modified-Since} means "newer than", so a stream rolled back to older files, or rewritten
   * within the same second, would be taken for unchanged.
   */
  public record Validators(@Nullable String etag, @Nullable String sha256) {
    public static final Validators NONE = new Validators(null, null);

    /** The ETag to send as {@code If-None-Match}: only a strong one (a weak {@code W/} tag is not sent). */
    public @Nullable String strongEtag() {
      return etag != null && !etag.startsWith("W/") ? etag : null;
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

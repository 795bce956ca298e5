package org.imagecache.image;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of the audit log.
 *
 * @param id database id (0 before it is stored)
 * @param kind what happened: image-downloaded, image-refreshed, image-deleted, ...
 * @param fingerprint the image concerned, or null
 * @param project the project concerned, or null
 * @param reason why (expired, disk_pressure, superseded, ...), or null
 * @param bytes bytes moved or freed, or null
 * @param detail free text, or null
 */
public record CacheEvent(long id, Instant at, String kind, @Nullable String fingerprint, @Nullable String project,
    @Nullable String reason, @Nullable Long bytes, @Nullable String detail) {
  /** Every kind of event the service writes; a filter naming another is refused. */
  public static final java.util.List<String> KINDS = java.util.List.of(
      "image-downloaded", "image-refreshed", "image-refresh-failed", "image-deleted", "image-damaged");

  /**
   * A page of the log, newest first: optional filters ({@code kind}, a {@code fingerprint} prefix; null:
   * any), and {@code beforeId} (0: from the newest) for the next page.
   */
  public record Query(@Nullable String kind, @Nullable String fingerprint, long beforeId, int limit) {}

  public static CacheEvent of(Instant at, String kind, @Nullable String fingerprint, @Nullable String project) {
    return new CacheEvent(0, at, kind, fingerprint, project, null, null, null);
  }

  public CacheEvent withReason(@Nullable String newReason) {
    return new CacheEvent(id, at, kind, fingerprint, project, newReason, bytes, detail);
  }

  public CacheEvent withBytes(@Nullable Long newBytes) {
    return new CacheEvent(id, at, kind, fingerprint, project, reason, newBytes, detail);
  }

  public CacheEvent withDetail(@Nullable String newDetail) {
    return new CacheEvent(id, at, kind, fingerprint, project, reason, bytes, newDetail);
  }
}

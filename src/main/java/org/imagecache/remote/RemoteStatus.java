package org.imagecache.remote;

import java.time.Instant;

/**
 * What {@code GET /1.0/remotes/<name>} shows of a remote's catalog.
 *
 * @param status {@code ok} (fresh), {@code stale} (older than its TTL, or from disk and not yet
 *     confirmed), {@code failing} (the last fetch failed), or {@code unknown} (never fetched)
 * @param fetchedAt when the catalog in use was fetched or last confirmed unchanged, or null
 * @param lastError the last fetch's error, or null when it succeeded
 */
public record RemoteStatus(
    String name,
    String url,
    String protocol,
    String status,
    Instant fetchedAt,
    Long ageSeconds,
    Instant lastAttemptAt,
    String lastError,
    int images,
    int aliases) {}

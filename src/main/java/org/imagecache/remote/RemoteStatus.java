package org.imagecache.remote;

import java.time.Instant;

/**
 * What {@code GET /1.0/remotes/<name>} shows of a remote's catalog.
 *
 * @param status {@code ok} (younger than its TTL), {@code stale} (older, or known to list a missing
 *     file), {@code failing} (the last fetch failed), or {@code unknown} (none loaded or fetched yet)
 * @param fetchedAt when the catalog in use was fetched or last confirmed unchanged, or null
 * @param ageSeconds the catalog's age now, or null
 * @param catalogAge the same age, under the name a lookup's answer gives it
 * @param catalogStale whether a lookup answered now would say {@code catalog_stale}, or null
 * @param lastError the last fetch's error, or null when it succeeded
 */
public record RemoteStatus(
    String name,
    String url,
    String protocol,
    String status,
    Instant fetchedAt,
    Long ageSeconds,
    Long catalogAge,
    Boolean catalogStale,
    Instant lastAttemptAt,
    String lastError,
    int images,
    int aliases) {}

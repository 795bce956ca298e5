package org.imagecache.remote;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
 * @param mirrors each mirror of the remote, in order: its breaker's state and the bytes it sent
 * @param sourceBytes for a remote with mirrors, the file bytes from the mirrors and from the remote
 *     itself since the service started (null for a remote without mirrors)
 */
public record RemoteStatus(
    String name,
    String url,
    String protocol,
    String status,
    @Nullable Instant fetchedAt,
    @Nullable Long ageSeconds,
    @Nullable Long catalogAge,
    @Nullable Boolean catalogStale,
    @Nullable Instant lastAttemptAt,
    @Nullable String lastError,
    int images,
    int aliases,
    java.util.List<MirrorState> mirrors,
    @Nullable SourceBytes sourceBytes) {

  /**
   * Where a mirrored remote's file bytes came from since the service started.
   *
   * @param saved the share of them the remote itself did not have to send (0 to 1)
   */
  public record SourceBytes(long fromMirrors, long fromUpstream, double saved) {
    public static SourceBytes of(long fromMirrors, long fromUpstream) {
      long all = fromMirrors + fromUpstream;
      return new SourceBytes(fromMirrors, fromUpstream, all == 0 ? 0 : (double) fromMirrors / all);
    }
  }

  /**
   * A mirror as {@code GET /1.0/remotes/<name>} shows it.
   *
   * @param state {@code closed} (in use), {@code open} (skipped until {@code retryAt}), {@code half-open} (one request tries it)
   * @param bytesServed file bytes it sent
   * @param catalogSource whether the catalog in use came from it
   */
  public record MirrorState(String url, String state, @Nullable Instant retryAt, @Nullable String lastError, @Nullable Instant lastFailureAt,
      long bytesServed, boolean catalogSource) {}
}

package org.imagecache.schedule;

import java.util.Map;

/**
 * What {@code GET /1.0/cache/stats} shows of the mirror, per endpoint (remote).
 *
 * @param endpoints each served remote's mode and counters since the start
 */
public record MirrorStats(Map<String, Endpoint> endpoints) {
  /**
   * One endpoint.
   *
   * @param mode {@code pull-through}, {@code cached}, or {@code cached-only because the upstream failed at ...}
   * @param requests every request to the endpoint
   * @param hits file requests answered from files held
   * @param misses file requests that waited for the upstream (a pull-through they started or joined)
   * @param pullThroughs images downloaded from the upstream for mirror clients
   * @param bytesServed bytes of files sent to clients
   * @param bytesFetched bytes of the images pulled through (what the upstream sent for mirror clients)
   */
  public record Endpoint(String mode, long requests, long hits, long misses, long pullThroughs, long bytesServed, long bytesFetched) {}
}

package org.imagecache.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole configuration, validated and immutable. Each component gets only its slice.
 *
 * @param listen where the HTTP API listens
 * @param dataDir images/, imagecache.db, catalogs/, admin.token
 * @param images LXD's images.* keys as configured (the running values live in the settings table)
 * @param cache leases, grace, revisions, watermarks
 * @param remotes the image servers a lookup may use, by name
 * @param metricsRequireToken whether GET /metrics needs the bearer token
 * @param logLevel trace, debug, info, warn or error
 * @param connections bounds on the HTTP API's connections
 */
public record ImageCacheConfig(
    Listen listen,
    Path dataDir,
    ImagesSettings images,
    CacheConfig cache,
    Map<String, RemoteConfig> remotes,
    boolean metricsRequireToken,
    String logLevel,
    ConnectionLimits connections) {

  public ImageCacheConfig {
    remotes = Map.copyOf(remotes);
  }

  /** Every key and its effective value, for the start-up log line (nothing here is secret). */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("listen=").append(listen).append(" data_dir=").append(dataDir)
        .append(" images=").append(images).append(" cache=").append(cache)
        .append(" metrics.require_token=").append(metricsRequireToken).append(" log.level=").append(logLevel)
        .append(" http=").append(connections);
    new java.util.TreeMap<>(remotes).values().forEach(r -> sb.append(" remote=").append(r));
    return sb.toString();
  }

  /**
   * {@code http.*}: how long a new connection may take to send its first request head, how long one may
   * wait between requests, and how many may be open at once.
   */
  public record ConnectionLimits(java.time.Duration headerTimeout, java.time.Duration idleTimeout, int maxConnections) {}

  /** {@code host:port} the API listens on. */
  public record Listen(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  public Path imagesDir() {
    return dataDir.resolve("images");
  }

  public Path catalogsDir() {
    return dataDir.resolve("catalogs");
  }

  public Path databaseFile() {
    return dataDir.resolve("imagecache.db");
  }

  public Path tokenFile() {
    return dataDir.resolve("admin.token");
  }
}

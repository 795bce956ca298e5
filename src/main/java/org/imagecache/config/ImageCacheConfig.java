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
 */
public record ImageCacheConfig(
    Listen listen,
    Path dataDir,
    ImagesSettings images,
    CacheConfig cache,
    Map<String, RemoteConfig> remotes,
    boolean metricsRequireToken,
    String logLevel) {

  public ImageCacheConfig {
    remotes = Map.copyOf(remotes);
  }

  /** With the defaults for metrics and logs (token required, info). */
  public ImageCacheConfig(Listen listen, Path dataDir, ImagesSettings images, CacheConfig cache, Map<String, RemoteConfig> remotes) {
    this(listen, dataDir, images, cache, remotes, true, "info");
  }

  /** Every key and its effective value, for the start-up log line (nothing here is secret). */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("listen=").append(listen).append(" data_dir=").append(dataDir)
        .append(" images=").append(images).append(" cache=").append(cache)
        .append(" metrics.require_token=").append(metricsRequireToken).append(" log.level=").append(logLevel);
    new java.util.TreeMap<>(remotes).values().forEach(r -> sb.append(" remote=").append(r));
    return sb.toString();
  }

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

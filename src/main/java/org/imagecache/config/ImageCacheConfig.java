package org.imagecache.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The whole configuration, validated and immutable. Each component gets only its slice.
 *
 * @param listen where the HTTP API listens
 * @param dataDir images/, imagecache.db, catalogs/, admin.token
 * @param database the SQLite file (by default imagecache.db in the data dir) or the PostgreSQL database {@code database.*} names
 * @param images LXD's images.* keys as configured (the running values live in the settings table)
 * @param cache leases, grace, revisions, watermarks
 * @param remotes the image servers a lookup may use, by name
 * @param metricsRequireToken whether GET /metrics needs the bearer token
 * @param logLevel trace, debug, info, warn or error
 * @param connections bounds on the HTTP API's connections (and the mirror's)
 * @param mirror the simplestreams mirror ({@code mirror.*})
 * @param cluster this instance among the ones sharing its database ({@code cluster.*})
 * @param written every key with its value as the configuration wrote it (URLs without credentials)
 */
public record ImageCacheConfig(
    Listen listen,
    Path dataDir,
    DatabaseConfig database,
    ImagesSettings images,
    CacheConfig cache,
    Map<String, RemoteConfig> remotes,
    boolean metricsRequireToken,
    String logLevel,
    ConnectionLimits connections,
    MirrorConfig mirror,
    ClusterConfig cluster,
    Map<String, String> written) {

  public ImageCacheConfig {
    remotes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(remotes)); // in configuration order
    written = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(written));
  }

  /**
   * Every key and its effective value, for the start-up log line, in the keys and units of the YAML file
   * ({@code cache.launch_lease=10m}); nothing here is secret.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    written.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
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

  /** The mirror's private CA and created server certificate. */
  public Path tlsDir() {
    return dataDir.resolve("tls");
  }

  /** The mirror's private CA certificate, which its clients trust (what {@code imagecache mirror ca} prints). */
  public Path mirrorCaFile() {
    return tlsDir().resolve(MIRROR_CA_FILE);
  }

  public static final String MIRROR_CA_FILE = "ca.crt";

  public Path tokenFile() {
    return dataDir.resolve("admin.token");
  }
}

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
 */
public record ImageCacheConfig(
    Listen listen,
    Path dataDir,
    ImagesSettings images,
    CacheConfig cache,
    Map<String, RemoteConfig> remotes) {

  public ImageCacheConfig {
    remotes = Map.copyOf(remotes);
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

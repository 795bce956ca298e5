package org.imagecache.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A configured image server. Only these are ever contacted.
 *
 * @param name what a lookup's {@code remote} says
 * @param url {@code https://}, {@code http://} or {@code file:} (a mirror directory on disk)
 * @param protocol {@code simplestreams}
 * @param catalogTtl the catalog is refreshed in the background after this
 * @param certificate SHA-256 (hex) of the server certificate, when pinned
 * @param connectTimeout how long a connection may take
 * @param idleTimeout how long a transfer may go without a byte
 * @param maxCatalogBytes bound on the size of the index and of each products file
 * @param demo at start, write a small generated stream at this {@code file:} URL if nothing is there
 * @param catalogCache false (a benchmark and diagnostic switch) fetches and parses the whole catalog on
 *     every use: nothing kept in memory or on disk, no conditional requests
 */
public record RemoteConfig(
    String name,
    URI url,
    String protocol,
    Duration catalogTtl,
    Optional<String> certificate,
    Duration connectTimeout,
    Duration idleTimeout,
    long maxCatalogBytes,
    boolean demo,
    boolean catalogCache) {

  /** With the catalog cache on (the default). */
  public RemoteConfig(String name, URI url, String protocol, Duration catalogTtl, Optional<String> certificate,
      Duration connectTimeout, Duration idleTimeout, long maxCatalogBytes, boolean demo) {
    this(name, url, protocol, catalogTtl, certificate, connectTimeout, idleTimeout, maxCatalogBytes, demo, true);
  }

  /** The base URL with a trailing slash, against which catalog paths resolve. */
  public URI baseUrl() {
    String s = url.toString();
    return URI.create(s.endsWith("/") ? s : s + "/");
  }
}

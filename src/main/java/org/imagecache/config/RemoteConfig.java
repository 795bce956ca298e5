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
 */
public record RemoteConfig(
    String name, URI url, String protocol, Duration catalogTtl, Optional<String> certificate) {}

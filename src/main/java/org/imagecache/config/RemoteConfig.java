package org.imagecache.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A configured image server. Only these are ever contacted.
 *
 * @param name what a lookup's {@code remote} says
 * @param url {@code https://}, {@code http://} or {@code file:} (a mirror directory on disk)
 * @param protocol {@code simplestreams}
 * @param catalogTtl a catalog younger than this answers from memory
 * @param catalogStaleWhileRevalidate for this long past the TTL a catalog still answers at once while one
 *     fetch refreshes it in the background; beyond it, a use waits for the fetch (RFC 5861)
 * @param certificate SHA-256 (hex) of the server certificate, when pinned
 * @param connectTimeout how long a connection may take
 * @param idleTimeout how long a transfer may go without a byte
 * @param minimumRate the slowest a transfer may go on average over a window (a trickle that keeps the
 *     idle timeout from ever firing still fails)
 * @param maxCatalogBytes bound on the size of the index and of each products file
 * @param maxCatalogTotalBytes bound on the index and all products files of one fetch together
 * @param demo at start, write a small generated stream at this {@code file:} URL if nothing is there
 * @param allowRedirectsTo origins ({@code https://host[:port]}) besides the remote's own that its
 *     redirects may lead to; https never redirects to http whatever this says
 * @param catalogCache false (a benchmark and diagnostic switch) fetches and parses the whole catalog on
 *     every use: nothing kept in memory or on disk, no conditional requests
 */
public record RemoteConfig(
    String name,
    URI url,
    String protocol,
    Duration catalogTtl,
    Duration catalogStaleWhileRevalidate,
    Optional<String> certificate,
    Duration connectTimeout,
    Duration idleTimeout,
    MinimumRate minimumRate,
    long maxCatalogBytes,
    long maxCatalogTotalBytes,
    boolean demo,
    boolean catalogCache,
    List<URI> allowRedirectsTo) {

  public RemoteConfig {
    allowRedirectsTo = List.copyOf(allowRedirectsTo);
  }

  /**
   * {@code min_transfer_rate} over {@code rate_window}: a transfer (of a file or a catalog document)
   * that receives fewer than {@code bytesPerSecond * window} bytes in any window (time our own
   * back-pressure holds it paused not counted) fails as a timeout.
   */
  public record MinimumRate(long bytesPerSecond, Duration window) {
    /** The configuration file's defaults, for components built without it: 1 KiB/s over 30 s. */
    public static final MinimumRate DEFAULT = new MinimumRate(1024, Duration.ofSeconds(30));

    public long bytesPerWindow() {
      return bytesPerSecond * window.toSeconds();
    }
  }

  /**
   * For components built without the configuration file: the catalog cache on,
   * {@code catalog_stale_while_revalidate} equal to the TTL (as the file's default), all documents
   * together bounded at twice the bound of one, no redirects elsewhere.
   */
  public RemoteConfig(String name, URI url, String protocol, Duration catalogTtl, Optional<String> certificate,
      Duration connectTimeout, Duration idleTimeout, long maxCatalogBytes, boolean demo) {
    this(name, url, protocol, catalogTtl, catalogTtl, certificate, connectTimeout, idleTimeout, MinimumRate.DEFAULT, maxCatalogBytes,
        2 * maxCatalogBytes, demo, true, List.of());
  }

  /** The same remote with another stale-while-revalidate window. */
  public RemoteConfig withCatalogStaleWhileRevalidate(Duration window) {
    return new RemoteConfig(name, url, protocol, catalogTtl, window, certificate, connectTimeout, idleTimeout, minimumRate, maxCatalogBytes,
        maxCatalogTotalBytes, demo, catalogCache, allowRedirectsTo);
  }

  /** The same remote with the catalog cache on or off. */
  public RemoteConfig withCatalogCache(boolean on) {
    return new RemoteConfig(name, url, protocol, catalogTtl, catalogStaleWhileRevalidate, certificate, connectTimeout,
        idleTimeout, minimumRate, maxCatalogBytes, maxCatalogTotalBytes, demo, on, allowRedirectsTo);
  }

  /** The same remote with another bound on all its catalog documents together. */
  public RemoteConfig withMaxCatalogTotalBytes(long bytes) {
    return new RemoteConfig(name, url, protocol, catalogTtl, catalogStaleWhileRevalidate, certificate, connectTimeout,
        idleTimeout, minimumRate, maxCatalogBytes, bytes, demo, catalogCache, allowRedirectsTo);
  }

  /** The same remote with another minimum transfer rate. */
  public RemoteConfig withMinimumRate(MinimumRate rate) {
    return new RemoteConfig(name, url, protocol, catalogTtl, catalogStaleWhileRevalidate, certificate, connectTimeout,
        idleTimeout, rate, maxCatalogBytes, maxCatalogTotalBytes, demo, catalogCache, allowRedirectsTo);
  }

  /** The same remote with redirects allowed to these origins too. */
  public RemoteConfig withAllowRedirectsTo(List<URI> origins) {
    return new RemoteConfig(name, url, protocol, catalogTtl, catalogStaleWhileRevalidate, certificate, connectTimeout,
        idleTimeout, minimumRate, maxCatalogBytes, maxCatalogTotalBytes, demo, catalogCache, origins);
  }

  /**
   * The base URL with a trailing slash, against which catalog paths resolve; without credentials
   * ({@link #credentials()} carries them to the transport).
   */
  public URI baseUrl() {
    String s = publicUrl().toString();
    return URI.create(s.endsWith("/") ? s : s + "/");
  }

  /**
   * The URL as it is shown and stored anywhere (API answers, logs, image sources, the catalog on
   * disk): the configured one without its {@code user:password@}. An image's source keys on it.
   */
  public URI publicUrl() {
    return withoutCredentials(url);
  }

  /** A URL without its {@code user:password@} (the same URL when it has none). */
  public static URI withoutCredentials(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), url.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("a URL without its user info is no URL: " + url.getScheme() + "://" + url.getHost(), e);
    }
  }

  /** The URL's {@code user:password}, decoded, when it has one: only the transport sees it. */
  public Optional<String> credentials() {
    return Optional.ofNullable(url.getUserInfo());
  }

  /** Without the URL's credentials: this is what a log line prints. */
  @Override
  public String toString() {
    return "RemoteConfig[name=" + name + ", url=" + publicUrl() + ", protocol=" + protocol + ", catalogTtl=" + catalogTtl
        + ", catalogStaleWhileRevalidate=" + catalogStaleWhileRevalidate + ", certificate=" + certificate
        + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout + ", minimumRate=" + minimumRate
        + ", maxCatalogBytes=" + maxCatalogBytes
        + ", maxCatalogTotalBytes=" + maxCatalogTotalBytes
        + ", demo=" + demo + ", catalogCache=" + catalogCache + ", allowRedirectsTo=" + allowRedirectsTo + "]";
  }
}

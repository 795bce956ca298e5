package org.imagecache.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured image server. Only these are ever contacted.
 *
 * @param name what a lookup's {@code remote} says
 * @param url {@code https://}, {@code http://} or {@code file:} (a mirror directory on disk)
 * @param protocol what the remote speaks
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
 * @param mirrors simplestreams mirrors of this remote, tried in order before its own {@code url}, which
 *     stays the last resort and the image's identity
 * @param failover the budgets a mirror gets before the next source is tried, and how long one that
 *     failed is skipped
 */
public record RemoteConfig(
    String name,
    URI url,
    Protocol protocol,
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
    List<URI> allowRedirectsTo,
    List<Mirror> mirrors,
    Failover failover) {

  public RemoteConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(minimumRate, "minimumRate");
    if (maxCatalogTotalBytes < maxCatalogBytes) {
      throw new IllegalArgumentException("all of a catalog's documents (" + maxCatalogTotalBytes
          + " bytes) cannot be bounded below one of them (" + maxCatalogBytes + ")");
    }
    allowRedirectsTo = List.copyOf(allowRedirectsTo);
    mirrors = List.copyOf(mirrors);
    Objects.requireNonNull(failover, "failover");
  }

  /** A mirror of the remote: its base URL, and the SHA-256 its certificate is pinned to, if any. */
  public record Mirror(URI url, Optional<String> certificate) {
    public Mirror {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /**
   * What a mirror gets before the next source is tried: {@code connect} to connect, {@code headers} for
   * the response's head, {@code stall} without a byte of body; a mirror that failed is skipped for
   * {@code skipFor}, then tried with one request before it is used again.
   */
  public record Failover(Duration connect, Duration headers, Duration stall, Duration skipFor) {
    public Failover {
      Objects.requireNonNull(connect, "connect");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(stall, "stall");
      Objects.requireNonNull(skipFor, "skipFor");
    }
  }

  /**
   * {@code min_transfer_rate} over {@code rate_window}: a transfer (of a file or a catalog document)
   * that receives fewer than {@code bytesPerSecond * window} bytes in any window (time our own
   * back-pressure holds it paused not counted) fails as a timeout.
   */
  public record MinimumRate(long bytesPerSecond, Duration window) {
    public long bytesPerWindow() {
      return bytesPerSecond * window.toSeconds();
    }
  }

  /**
   * A remote at {@code url} whose every other field starts at the packaged {@code conf/imagecache.yaml}'s
   * {@code remote_defaults} (the one place they are written): for components and tests built without a
   * configuration file.
   */
  public static Builder builder(String name, URI url) {
    return ConfigBinder.packagedRemoteDefaults().toBuilder().name(name).url(url);
  }

  /** A builder that starts from this remote's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link RemoteConfig} field by field; {@link #build()} checks it. */
  public static final class Builder {
    private String name;
    private URI url;
    private Protocol protocol;
    private Duration catalogTtl;
    private Duration catalogStaleWhileRevalidate;
    private Optional<String> certificate;
    private Duration connectTimeout;
    private Duration idleTimeout;
    private MinimumRate minimumRate;
    private long maxCatalogBytes;
    private long maxCatalogTotalBytes;
    private boolean demo;
    private boolean catalogCache;
    private List<URI> allowRedirectsTo;
    private List<Mirror> mirrors;
    private Failover failover;

    private Builder(RemoteConfig from) {
      name = from.name;
      url = from.url;
      protocol = from.protocol;
      catalogTtl = from.catalogTtl;
      catalogStaleWhileRevalidate = from.catalogStaleWhileRevalidate;
      certificate = from.certificate;
      connectTimeout = from.connectTimeout;
      idleTimeout = from.idleTimeout;
      minimumRate = from.minimumRate;
      maxCatalogBytes = from.maxCatalogBytes;
      maxCatalogTotalBytes = from.maxCatalogTotalBytes;
      demo = from.demo;
      catalogCache = from.catalogCache;
      allowRedirectsTo = from.allowRedirectsTo;
      mirrors = from.mirrors;
      failover = from.failover;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder url(URI value) {
      url = value;
      return this;
    }

    public Builder protocol(Protocol value) {
      protocol = value;
      return this;
    }

    /** The TTL; the stale-while-revalidate window stays as it is. */
    public Builder catalogTtl(Duration value) {
      catalogTtl = value;
      return this;
    }

    public Builder catalogStaleWhileRevalidate(Duration value) {
      catalogStaleWhileRevalidate = value;
      return this;
    }

    public Builder certificate(Optional<String> value) {
      certificate = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder minimumRate(MinimumRate value) {
      minimumRate = value;
      return this;
    }

    public Builder maxCatalogBytes(long value) {
      maxCatalogBytes = value;
      return this;
    }

    public Builder maxCatalogTotalBytes(long value) {
      maxCatalogTotalBytes = value;
      return this;
    }

    /** Whether a demo stream is written at the remote's {@code file:} URL at start. */
    public Builder demo(boolean value) {
      demo = value;
      return this;
    }

    /** Whether the catalog is kept in memory and on disk (false: fetched and parsed on every use). */
    public Builder catalogCache(boolean value) {
      catalogCache = value;
      return this;
    }

    public Builder allowRedirectsTo(List<URI> value) {
      allowRedirectsTo = value;
      return this;
    }

    public Builder mirrors(List<Mirror> value) {
      mirrors = value;
      return this;
    }

    public Builder failover(Failover value) {
      failover = value;
      return this;
    }

    public RemoteConfig build() {
      return new RemoteConfig(name, url, protocol, catalogTtl, catalogStaleWhileRevalidate, certificate, connectTimeout,
          idleTimeout, minimumRate, maxCatalogBytes, maxCatalogTotalBytes, demo, catalogCache, allowRedirectsTo, mirrors, failover);
    }
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
    return "RemoteConfig[name=" + name + ", url=" + publicUrl() + ", protocol=" + protocol.wireName() + ", catalogTtl=" + catalogTtl
        + ", catalogStaleWhileRevalidate=" + catalogStaleWhileRevalidate + ", certificate=" + certificate
        + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout + ", minimumRate=" + minimumRate
        + ", maxCatalogBytes=" + maxCatalogBytes
        + ", maxCatalogTotalBytes=" + maxCatalogTotalBytes
        + ", demo=" + demo + ", catalogCache=" + catalogCache + ", allowRedirectsTo=" + allowRedirectsTo
        + ", mirrors=" + mirrors.stream().map(m -> withoutCredentials(m.url()) + m.certificate().map(c -> " sha256:" + c).orElse("")).toList()
        + ", failover=" + failover + "]";
  }
}

package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imagecache.config.Protocol;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.RemoteFile;
import org.imagecache.metrics.ImageCacheMetrics;

/** The configured remotes by name, each with its transport and catalog. Only these are ever contacted. */
public final class Remotes implements AutoCloseable {
  /**
   * A configured remote's parts: its transport stays behind {@link RemoteSource}. A remote with mirrors
   * has them as {@code chain} (its catalog is then the chain's, and its files are tried source by
   * source); {@code transport} is always the remote's own.
   */
  public record Remote(RemoteConfig config, Transport transport, CatalogView catalog, Optional<ChainedCatalog> chain)
      implements RemoteSource {
    @Override
    public Future<Void> download(RemoteFile file, FileSink sink, Cancellation cancel) {
      return transport.download(file.path(), file.size(), sink, cancel);
    }

    @Override
    public void fileMissing() {
      catalog.invalidate();
    }

    @Override
    public java.util.List<Attempt> attemptsFor(org.imagecache.image.RemoteImage image) {
      return chain.map(c -> c.attemptsFor(image)).orElseGet(() -> RemoteSource.super.attemptsFor(image));
    }

    /** Every transport it holds: its own and its mirrors'. */
    java.util.List<Transport> transports() {
      return chain.map(c -> c.sources().stream().map(Source::transport).toList()).orElse(java.util.List.of(transport));
    }
  }

  private final Map<String, Remote> byName = new LinkedHashMap<>();

  /** With the metrics: catalog fetches by remote and result, and each catalog's age. */
  public Remotes(Vertx vertx, Map<String, RemoteConfig> configs, Path catalogsDir, Clock clock, String hostArchitecture,
      ImageCacheMetrics metrics) {
    SnapshotStore store = new SnapshotStore(catalogsDir);
    store.sweep();
    configs.values().forEach(cfg -> {
      Transport transport = "file".equalsIgnoreCase(cfg.url().getScheme())
          ? new FileTransport(vertx, cfg) : new HttpTransport(vertx, cfg);
      CatalogFetcher fetcher = new CatalogFetcher(vertx, cfg, transport, store, clock, hostArchitecture);
      RemoteCatalog own = new RemoteCatalog(cfg, fetcher, clock, metrics);
      Optional<ChainedCatalog> chain = cfg.mirrors().isEmpty() ? Optional.empty()
          : Optional.of(chain(vertx, cfg, new Source("upstream", cfg, transport, own, null, clock), store, clock, hostArchitecture, metrics));
      CatalogView catalog = chain.<CatalogView>map(c -> c).orElse(own);
      metrics.catalogAge(cfg.name(), () -> catalog.current().map(CatalogSnapshot::fetchedAt).orElse(null), clock);
      byName.put(cfg.name(), new Remote(cfg, transport, catalog, chain));
    });
  }

  /**
   * The sources of a remote with mirrors: each mirror with the mirror budgets (connect, response head,
   * stall), its own pin and breaker, and its own stored catalog ({@code <remote>~mirror<n>}); the
   * remote itself last.
   */
  private static ChainedCatalog chain(Vertx vertx, RemoteConfig cfg, Source upstream, SnapshotStore store, Clock clock,
      String hostArchitecture, ImageCacheMetrics metrics) {
    java.util.List<Source> sources = new java.util.ArrayList<>();
    for (int i = 0; i < cfg.mirrors().size(); i++) {
      RemoteConfig.Mirror m = cfg.mirrors().get(i);
      RemoteConfig mirror = cfg.toBuilder().name(cfg.name() + "~mirror" + (i + 1)).url(m.url()).certificate(m.certificate())
          .connectTimeout(cfg.failover().connect()).idleTimeout(cfg.failover().stall()).allowRedirectsTo(java.util.List.of())
          .mirrors(java.util.List.of()).build();
      Transport transport = HttpTransport.forMirror(vertx, mirror, cfg.failover());
      RemoteCatalog catalog = new RemoteCatalog(mirror, new CatalogFetcher(vertx, mirror, transport, store, clock, hostArchitecture), clock, metrics);
      sources.add(new Source("mirror " + mirror.publicUrl(), mirror, transport, catalog, new SourceBreaker(cfg.failover().skipFor()), clock));
    }
    sources.add(upstream);
    for (Source s : sources) {
      String name = s.breaker().isPresent() ? s.config().publicUrl().toString() : "upstream";
      metrics.sourceBytes(cfg.name(), name, s, Source::bytes);
      if (s.breaker().isPresent()) {
        metrics.mirrorSkipped(cfg.name(), name, () -> s.breaker().map(b -> b.state() == SourceBreaker.State.OPEN).orElse(false));
      }
    }
    return new ChainedCatalog(cfg, sources);
  }

  /** @throws NotFoundException (reason {@code unknown_remote}) when no remote has that name */
  public Remote get(String name) {
    Remote r = byName.get(name);
    if (r == null) {
      throw new NotFoundException("unknown_remote", "Unknown remote '" + ImageCacheException.clip(name) + "' (configured: " + String.join(", ", byName.keySet()) + ")");
    }
    return r;
  }

  /** The configured remote with this server URL and protocol, if any; none for a text that is not a URI. */
  /** The remote a stored image source names, if it is still configured (with the same protocol). */
  public Optional<Remote> findBySource(org.imagecache.image.ImageSource source) {
    return Protocol.of(source.protocol()).flatMap(p -> findByServer(source.server(), Optional.of(p)));
  }

  /** The configured remote at that server URL speaking that protocol (empty: any protocol). */
  public Optional<Remote> findByServer(String server, Optional<Protocol> protocol) {
    String wanted;
    try {
      wanted = normalize(server);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return byName.values().stream()
        .filter(r -> protocol.map(p -> p == r.config().protocol()).orElse(true) && normalize(r.config().publicUrl().toString()).equals(wanted))
        .findFirst();
  }

  /** A URL compared as a remote's identity: normalized, without user info, without a trailing slash. */
  private static String normalize(String url) {
    URI u = URI.create(url.trim()).normalize();
    if (u.getRawUserInfo() != null) {
      try {
        u = new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(e);
      }
    }
    String s = u.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public Collection<Remote> all() {
    return byName.values();
  }

  @Override
  public void close() {
    byName.values().forEach(r -> r.transports().forEach(Transport::close));
  }
}

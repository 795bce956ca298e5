package org.imagecache.remote;

import org.imagecache.metrics.ImageCacheMetrics;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.imagecache.config.RemoteConfig;
import org.imagecache.remote.simplestreams.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote's catalog, in memory (a Caffeine cache of one entry) and on disk.
 *
 * <ul>
 *   <li>The first use loads the catalog stored on disk if there is one (no network), else fetches it.
 *   <li>After {@code catalog_ttl} a use starts a background refresh; the old catalog keeps answering
 *       until the new one is ready, and concurrent uses never start a second fetch (Caffeine).
 *   <li>A failed refresh keeps the last good catalog, records the error, and is not retried before a
 *       backoff (5 s doubling, capped at the TTL) unless forced by {@link #refreshNow()}.
 *   <li>{@link #invalidate()} (a listed file answered 404) makes the next use wait for a fresh fetch,
 *       falling back to the last good catalog if that fails.
 * </ul>
 * Time comes from the injected clock (also Caffeine's ticker), so tests move it.
 */
public final class RemoteCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteCatalog.class);
  private static final String KEY = "catalog";
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

  private final RemoteConfig config;
  private final CatalogFetcher fetcher;
  private final Clock clock;
  private final ImageCacheMetrics metrics;
  private final AsyncLoadingCache<String, CatalogSnapshot> cache;
  private volatile Instant lastAttemptAt;
  private volatile Throwable lastError;
  private volatile int failures;
  private volatile boolean forceNext;
  private volatile boolean invalidated;
  private volatile boolean fromDisk;

  public RemoteCatalog(RemoteConfig config, CatalogFetcher fetcher, Clock clock) {
    this(config, fetcher, clock, ImageCacheMetrics.none());
  }

  public RemoteCatalog(RemoteConfig config, CatalogFetcher fetcher, Clock clock, ImageCacheMetrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.fetcher = fetcher;
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .refreshAfterWrite(config.catalogTtl())
        .executor(Runnable::run)
        .buildAsync(new Loader());
  }

  public RemoteConfig config() {
    return config;
  }

  /**
   * The catalog to resolve against: from memory when there is one (possibly stale, refreshing in the
   * background), else from disk, else fetched now.
   *
   * @return a failed future with a {@link RemoteException} only when no catalog is known at all
   */
  public Future<Catalog> catalog() {
    if (!config.catalogCache()) {
      return uncached();
    }
    if (invalidated) {
      invalidated = false;
      return refreshNow().map(CatalogSnapshot::catalog)
          .recover(e -> current().map(s -> Future.succeededFuture(s.catalog())).orElseGet(() -> Future.failedFuture(e)));
    }
    return Future.fromCompletionStage(cache.get(KEY)).map(CatalogSnapshot::catalog);
  }

  /**
   * The catalog no older than its TTL: the one in memory when it is fresh, else fetched now (an
   * auto-update must see what the remote says today). Fails when the remote cannot be asked.
   */
  public Future<Catalog> freshCatalog() {
    if (!config.catalogCache()) {
      return uncached();
    }
    Optional<CatalogSnapshot> s = current();
    if (s.isPresent() && !fromDisk && Duration.between(s.get().fetchedAt(), clock.instant()).compareTo(config.catalogTtl()) <= 0) {
      return Future.succeededFuture(s.get().catalog());
    }
    return refreshNow().map(CatalogSnapshot::catalog);
  }

  /** {@code catalog_cache: false}: the whole catalog fetched unconditionally and parsed, kept nowhere. */
  private Future<Catalog> uncached() {
    return fetcher.fetch(null).map(CatalogSnapshot::catalog);
  }

  /** The snapshot in memory now, without waiting or fetching. */
  public Optional<CatalogSnapshot> current() {
    CompletableFuture<CatalogSnapshot> f = cache.getIfPresent(KEY);
    return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
  }

  /** Fetches now (ignoring the backoff); the old catalog keeps answering until this completes. */
  public Future<CatalogSnapshot> refreshNow() {
    forceNext = true;
    return Future.fromCompletionStage(cache.synchronous().refresh(KEY))
        // Caffeine installs the new value in a callback that can run after the caller's: install it
        // first, so the caller's status() and catalog() already see what it fetched
        .onSuccess(s -> cache.put(KEY, CompletableFuture.completedFuture(s)));
  }

  /** A file the catalog lists is gone: the next use waits for a fresh catalog. */
  public void invalidate() {
    LOG.info("remote {}: catalog invalidated (a listed file is missing); refetching before the next use", config.name());
    invalidated = true;
  }

  public RemoteStatus status() {
    Optional<CatalogSnapshot> s = current();
    Instant now = clock.instant();
    Instant fetched = s.map(CatalogSnapshot::fetchedAt).orElse(null);
    String status = lastError != null ? "failing"
        : s.isEmpty() ? "unknown"
        : fromDisk || Duration.between(fetched, now).compareTo(config.catalogTtl()) > 0 ? "stale" : "ok";
    Throwable err = lastError;
    return new RemoteStatus(config.name(), config.url().toString(), config.protocol(), status, fetched,
        fetched == null ? null : Math.max(0, Duration.between(fetched, now).toSeconds()), lastAttemptAt,
        err == null ? null : err.getMessage(),
        s.map(x -> x.catalog().counts().images()).orElse(0), s.map(x -> x.catalog().counts().aliases()).orElse(0));
  }

  private final class Loader implements AsyncCacheLoader<String, CatalogSnapshot> {
    @Override
    public CompletableFuture<CatalogSnapshot> asyncLoad(String key, Executor executor) {
      if (forceNext) {
        return attempt(null).toCompletionStage().toCompletableFuture();
      }
      return fetcher.loadStored()
          .compose(stored -> {
            if (stored.isPresent()) {
              fromDisk = true;
              LOG.info("remote {}: loaded the stored catalog fetched at {}", config.name(), stored.get().fetchedAt());
              return Future.succeededFuture(stored.get());
            }
            return attempt(null);
          }, e -> {
            LOG.warn("remote {}: stored catalog unreadable ({}); fetching", config.name(), e.toString());
            return attempt(null);
          })
          .toCompletionStage().toCompletableFuture();
    }

    @Override
    public CompletableFuture<CatalogSnapshot> asyncReload(String key, CatalogSnapshot old, Executor executor) {
      return attempt(old).toCompletionStage().toCompletableFuture();
    }
  }

  /** One fetch, unless a recent failure's backoff is still running (then it fails at once). */
  private Future<CatalogSnapshot> attempt(CatalogSnapshot previous) {
    Instant now = clock.instant();
    boolean forced = forceNext;
    forceNext = false;
    if (!forced && failures > 0 && lastAttemptAt != null && now.isBefore(lastAttemptAt.plus(backoff()))) {
      return Future.failedFuture(lastError);
    }
    lastAttemptAt = now;
    return fetcher.fetch(previous)
        .onSuccess(s -> {
          failures = 0;
          lastError = null;
          fromDisk = false;
          String result = previous != null && s.catalog() == previous.catalog() ? "unchanged" : "fetched";
          metrics.catalogFetched(config.name(), result);
          LOG.info("remote {}: catalog {} ({} images)", config.name(), result, s.catalog().counts().images());
        })
        .onFailure(e -> {
          failures++;
          lastError = e;
          metrics.catalogFetched(config.name(), "failed");
          LOG.warn("remote {}: catalog fetch failed ({} in a row): {}", config.name(), failures, e.getMessage());
        });
  }

  private Duration backoff() {
    Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 20));
    return d.compareTo(config.catalogTtl()) > 0 ? config.catalogTtl() : d;
  }
}

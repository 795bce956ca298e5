package org.imagecache.remote;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.imagecache.config.RemoteConfig;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.remote.simplestreams.Catalog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote's catalog, in memory and on disk, answered by its age as HTTP caches answer with
 * stale-while-revalidate and stale-if-error (RFC 5861):
 *
 * <ul>
 *   <li>younger than {@code catalog_ttl}: from memory;
 *   <li>older, up to {@code catalog_ttl + catalog_stale_while_revalidate}: from memory, and one fetch
 *       starts in the background (however many uses ask meanwhile);
 *   <li>older than that, or after {@link #invalidate()}: the use waits for the fetch; when the remote
 *       fails (an error, a timeout, or a backoff still running) it is answered from the old catalog,
 *       marked stale;
 *   <li>no catalog at all: the first use loads the one stored on disk (it keeps the age it had when it
 *       was fetched, so it falls in whichever band that age gives), else waits for a fetch and fails
 *       with it.
 * </ul>
 *
 * <p>A failed fetch keeps the last good catalog and earns a backoff (5 s doubling, capped at the TTL)
 * before the next unforced one. The state is one immutable {@link CatalogState} swapped atomically;
 * fetches are explicit and single-flight. Time comes from the injected clock. Every future handed
 * back completes on the caller's Vert.x context, whoever started the fetch it joined.
 */
public final class RemoteCatalog implements CatalogView {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteCatalog.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

  /** Whether a fetch waits for a running backoff to end. */
  private enum Fetch { UNLESS_BACKING_OFF, FORCED }

  private final RemoteConfig config;
  private final CatalogFetcher fetcher;
  private final Clock clock;
  private final ImageCacheMetrics metrics;
  private final AtomicReference<CatalogState> state = new AtomicReference<>(CatalogState.EMPTY);
  private final AtomicReference<CompletableFuture<CatalogSnapshot>> flight = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Void>> diskLoad = new AtomicReference<>();

  public RemoteCatalog(RemoteConfig config, CatalogFetcher fetcher, Clock clock, ImageCacheMetrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.fetcher = fetcher;
    this.clock = clock;
  }

  public RemoteConfig config() {
    return config;
  }

  /**
   * The catalog a lookup resolves against, with its age, by the bands above.
   *
   * @return a failed future with the fetch's error only when no catalog is known at all
   */
  public Future<CatalogRead> catalog() {
    if (!config.catalogCache()) {
      return uncached();
    }
    Context caller = Vertx.currentContext();
    return onCaller(loadStoredOnce(), caller).compose(v -> answer(caller));
  }

  private Future<CatalogRead> answer(Context caller) {
    CatalogState s = state();
    Instant now = clock.instant();
    switch (s.freshness(now, config.catalogTtl(), config.catalogStaleWhileRevalidate())) {
      case FRESH:
        return Future.succeededFuture(read(s, now, CatalogRead.Answer.KEPT));
      case STALE_WHILE_REVALIDATE:
        fetch(Fetch.UNLESS_BACKING_OFF);
        return Future.succeededFuture(read(s, now, CatalogRead.Answer.KEPT));
      case MUST_REVALIDATE:
        return onCaller(fetch(Fetch.UNLESS_BACKING_OFF), caller)
            .map(fetched -> read(state(), clock.instant(), CatalogRead.Answer.FETCHED))
            .recover(e -> staleIfError(e));
      default:
        return onCaller(fetch(Fetch.UNLESS_BACKING_OFF), caller).map(fetched -> read(state(), clock.instant(), CatalogRead.Answer.FETCHED));
    }
  }

  /** The remote failed a use that had to wait for it: the old catalog answers, marked stale. */
  private Future<CatalogRead> staleIfError(Throwable e) {
    CatalogState s = state();
    if (s.snapshot() == null) {
      return Future.failedFuture(e);
    }
    LOG.info("remote {}: answering from the stale catalog fetched at {}: {}", config.name(), s.snapshot().fetchedAt(), e.getMessage());
    return Future.succeededFuture(read(s, clock.instant(), CatalogRead.Answer.KEPT_AFTER_FAILURE));
  }

  private CatalogRead read(CatalogState s, Instant now, CatalogRead.Answer source) {
    CatalogSnapshot snapshot = Objects.requireNonNull(s.snapshot(), "no catalog to read");
    return new CatalogRead(snapshot.index(), snapshot.fetchedAt(), s.age(now).toSeconds(), s.stale(now, config.catalogTtl()), source);
  }

  /**
   * The catalog no older than its TTL: the one in memory when it is fresh and was fetched by this
   * process, else fetched now, ignoring the backoff (an auto-update and a manual refresh must see what
   * the remote says today; the first one after a restart asks the remote even when the stored copy is
   * young, since the remote may have moved while the service was down).
   *
   * @return a failed future when the remote cannot be asked
   */
  public Future<ImageIndex> freshCatalog() {
    if (!config.catalogCache()) {
      return uncached().map(CatalogRead::catalog);
    }
    Context caller = Vertx.currentContext();
    return onCaller(loadStoredOnce(), caller).compose(v -> {
      CatalogState s = state();
      CatalogSnapshot snapshot = s.snapshot();
      if (snapshot != null && !s.fromDisk()
          && s.freshness(clock.instant(), config.catalogTtl(), Duration.ZERO) == CatalogState.Freshness.FRESH) {
        return Future.succeededFuture(snapshot.index());
      }
      return onCaller(fetch(Fetch.FORCED), caller).map(CatalogSnapshot::index);
    });
  }

  /** Fetches now, ignoring the backoff (or joins the fetch already running); the old catalog answers meanwhile. */
  public Future<CatalogSnapshot> refreshNow() {
    if (!config.catalogCache()) {
      return fetcher.fetch(null);
    }
    Context caller = Vertx.currentContext();
    return onCaller(loadStoredOnce(), caller).compose(v -> onCaller(fetch(Fetch.FORCED), caller));
  }

  /** A file the catalog lists is gone: the next use waits for a fresh catalog (at once, whatever the backoff). */
  public void invalidate() {
    LOG.info("remote {}: catalog invalidated (a listed file is missing); refetching before the next use", config.name());
    update(CatalogState::withInvalidated);
  }

  /** The snapshot in memory now, without waiting, loading or fetching. */
  public Optional<CatalogSnapshot> current() {
    return state().current();
  }

  /** The status once the stored catalog, if any, has been looked at: after a restart it shows that copy and its age. */
  public Future<RemoteStatus> loadedStatus() {
    if (!config.catalogCache()) {
      return Future.succeededFuture(status());
    }
    return onCaller(loadStoredOnce(), Vertx.currentContext()).map(v -> status());
  }

  public RemoteStatus status() {
    CatalogState s = state();
    Instant now = clock.instant();
    Instant fetched = s.current().map(CatalogSnapshot::fetchedAt).orElse(null);
    Long age = fetched == null ? null : s.age(now).toSeconds();
    boolean stale = s.stale(now, config.catalogTtl());
    String status = s.lastError() != null ? "failing" : fetched == null ? "unknown" : stale ? "stale" : "ok";
    return new RemoteStatus(config.name(), config.publicUrl().toString(), config.protocol().wireName(), status, fetched, age, age,
        fetched == null ? null : stale, s.lastAttemptAt(), s.lastError() == null ? null : s.lastError().getMessage(),
        s.current().map(x -> x.catalog().counts().images()).orElse(0),
        s.current().map(x -> x.catalog().counts().aliases()).orElse(0), java.util.List.of(), null);
  }

  /** {@code catalog_cache: false}: the whole catalog fetched unconditionally and parsed, kept nowhere. */
  private Future<CatalogRead> uncached() {
    return fetcher.fetch(null).map(s -> new CatalogRead(s.index(), s.fetchedAt(), 0, false, CatalogRead.Answer.FETCHED));
  }

  /** Looks for the stored catalog once, at the first use; later uses join that one look. */
  private CompletableFuture<Void> loadStoredOnce() {
    CompletableFuture<Void> loading = diskLoad.get();
    if (loading != null) {
      return loading;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!diskLoad.compareAndSet(null, mine)) {
      return Objects.requireNonNull(diskLoad.get(), "the load of the stored catalog"); // set once, never cleared
    }
    fetcher.loadStored().onComplete(ar -> {
      Optional<CatalogSnapshot> stored = Optional.empty();
      if (ar.succeeded()) {
        stored = ar.result();
        stored.ifPresent(x -> LOG.info("remote {}: loaded the stored catalog fetched at {}", config.name(), x.fetchedAt()));
      } else {
        LOG.warn("remote {}: stored catalog unreadable ({}); it will be fetched", config.name(), ar.cause().toString());
      }
      Optional<CatalogSnapshot> found = stored;
      update(s -> s.withStored(found));
      mine.complete(null);
    });
    return mine;
  }

  /** One fetch at a time: a second caller joins the running one. */
  private CompletableFuture<CatalogSnapshot> fetch(Fetch kind) {
    while (true) {
      CompletableFuture<CatalogSnapshot> running = flight.get();
      if (running != null) {
        return running;
      }
      CatalogState s = state();
      Instant now = clock.instant();
      if (kind == Fetch.UNLESS_BACKING_OFF && s.backingOff(now)) {
        return CompletableFuture.failedFuture(s.lastError());
      }
      CompletableFuture<CatalogSnapshot> mine = new CompletableFuture<>();
      if (flight.compareAndSet(null, mine)) {
        start(mine, now);
        return mine;
      }
    }
  }

  private void start(CompletableFuture<CatalogSnapshot> mine, Instant now) {
    CatalogSnapshot previous = update(s -> s.withAttemptAt(now)).snapshot();
    Future<CatalogSnapshot> fetched;
    try {
      fetched = fetcher.fetch(previous);
    } catch (RuntimeException e) {
      fetched = Future.failedFuture(e);
    }
    fetched.onComplete(ar -> {
      if (ar.succeeded()) {
        fetchedOk(previous, ar.result());
      } else {
        fetchFailed(ar.cause());
      }
      flight.compareAndSet(mine, null);
      if (ar.succeeded()) {
        mine.complete(ar.result());
      } else {
        mine.completeExceptionally(ar.cause());
      }
    });
  }

  private void fetchedOk(@Nullable CatalogSnapshot previous, CatalogSnapshot fetched) {
    update(s -> s.withFetched(fetched));
    String result = previous != null && fetched.catalog() == previous.catalog() ? "unchanged" : "fetched";
    metrics.catalogFetched(config.name(), result);
    LOG.info("remote {}: catalog {} ({} images)", config.name(), result, fetched.catalog().counts().images());
  }

  private void fetchFailed(Throwable e) {
    CatalogState after = update(s -> s.withFailure(e, clock.instant(), FIRST_BACKOFF, config.catalogTtl()));
    metrics.catalogFetched(config.name(), "failed");
    LOG.warn("remote {}: catalog fetch failed ({} in a row): {}", config.name(), after.failures(), e.getMessage());
  }

  /** The state now (never null: it starts {@link CatalogState#EMPTY} and every change returns a state). */
  private CatalogState state() {
    return Objects.requireNonNull(state.get(), "catalog state");
  }

  /** Applies a change atomically; returns the new state. */
  private CatalogState update(UnaryOperator<CatalogState> change) {
    return state.updateAndGet(change);
  }

  /** A future of a shared fetch or load, completing on the caller's context (when it has one). */
  private static <T> Future<T> onCaller(CompletableFuture<T> shared, @Nullable Context caller) {
    return caller == null ? Future.fromCompletionStage(shared) : Future.fromCompletionStage(shared, caller);
  }
}

package org.imagecache.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The service's own metrics, all named {@code imagecache_*} in the scrape, and the registry that Vert.x
 * records its HTTP server metrics into ({@link #vertx()}). Built once by the service and passed to the
 * components that record; {@link #inMemory()} is one nobody scrapes, for tests.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class ImageCacheMetrics {
  /** How long a costly gauge value (a directory walk, a database count) is reused. */
  public static final Duration GAUGE_CACHE = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final @Nullable PrometheusMeterRegistry prometheus;
  private final Timer downloadDuration;
  private final Counter downloadBytes;
  private final Counter deletedBytes;
  private final Counter deletionsBlocked;
  private final Counter autoUpdateRounds;
  private final Counter scheduledPrunes;
  private final Counter writeBehindFlushes;
  private final Counter writeBehindFailures;

  /** A gauge of Vert.x's own (registered again and again by Vert.x): left out of the registry. */
  static boolean isVertxGauge(io.micrometer.core.instrument.Meter.Id id) {
    return id.getName().startsWith("vertx.") && id.getType() == io.micrometer.core.instrument.Meter.Type.GAUGE;
  }

  /** The HTTP methods a label may name; any other is counted as {@code OTHER}. */
  static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  /** Route labels are templates of our own routes; anything longer than this is not one. */
  private static final int MAX_ROUTE_LABEL = 128;

  private ImageCacheMetrics(MeterRegistry registry, @Nullable PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    // labels from a bounded set: a request's method is the caller's choice (20,000 distinct invented
    // methods were 20,000 series, and an OutOfMemoryError on /metrics), so only the known ones are kept
    registry.config().meterFilter(MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : "OTHER"));
    registry.config().meterFilter(MeterFilter.replaceTagValues("route", r -> r.length() <= MAX_ROUTE_LABEL ? r : "OTHER"));
    // Vert.x 5 registers its gauges again at every request, connection and server (one shared value
    // underneath), and Micrometer warns at the second registration: a WARN at every start. Its gauges are
    // left out; its counters and timers stay, and the connection guard counts the API's connections once
    // (imagecache.http.connections).
    registry.config().meterFilter(MeterFilter.deny(ImageCacheMetrics::isVertxGauge));
    this.prometheus = prometheus;
    this.downloadDuration = Timer.builder("imagecache.download.duration").description("Image downloads that completed, by time taken")
        .publishPercentileHistogram().register(registry);
    this.downloadBytes = Counter.builder("imagecache.download.bytes").description("Bytes of images downloaded").register(registry);
    this.deletedBytes = Counter.builder("imagecache.deleted.bytes").description("Bytes freed on disk by image deletions").register(registry);
    this.deletionsBlocked = Counter.builder("imagecache.deletions.blocked")
        .description("Deletions refused because a launch lease holds the image (image_in_use)").register(registry);
    this.autoUpdateRounds = Counter.builder("imagecache.auto_update.rounds").description("Auto-update rounds run").register(registry);
    this.scheduledPrunes = Counter.builder("imagecache.scheduled_prunes")
        .description("Scheduled prunes that ran (at start, every cache.prune_interval, after a settings change)").register(registry);
    this.writeBehindFlushes = Counter.builder("imagecache.write_behind.flushes")
        .description("Flushes of last uses and launch leases to the database that succeeded (one a second)").register(registry);
    this.writeBehindFailures = Counter.builder("imagecache.write_behind.failures")
        .description("Flushes of last uses and launch leases that failed (a full disk, say); what they held is tried again").register(registry);
  }

  /** A Prometheus registry: what the service scrapes on GET /metrics. */
  public static ImageCacheMetrics prometheus() {
    PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new ImageCacheMetrics(p, p);
  }

  /** An in-memory registry nobody scrapes: for tests, which read what was recorded from it. */
  public static ImageCacheMetrics inMemory() {
    return new ImageCacheMetrics(new SimpleMeterRegistry(), null);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** True when {@link #scrape()} has something to show. */
  public boolean scrapable() {
    return prometheus != null;
  }

  /** The Prometheus text format (version 0.0.4) of every meter; reads the gauges (call off the event loop). */
  public String scrape() {
    if (prometheus == null) {
      throw new IllegalStateException("these metrics are not kept in a Prometheus registry");
    }
    return prometheus.scrape();
  }

  /** A Vert.x instance whose HTTP server (and pool) metrics go to this registry. */
  public Vertx vertx() {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  // --- lookups

  /** A lookup answered: {@code cached}, {@code downloaded} or {@code failed}, after this long. */
  public void lookupAnswered(String outcome, long nanos) {
    registry.counter("imagecache.lookups", "outcome", outcome).increment();
    Timer.builder("imagecache.lookup.duration").description("Time to answer a lookup, by outcome")
        .tag("outcome", outcome).publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  // --- write-behind

  public void writeBehindFlushed() {
    writeBehindFlushes.increment();
  }

  public void writeBehindFailed() {
    writeBehindFailures.increment();
  }

  // --- downloads

  public void downloadSucceeded(long bytes, long nanos) {
    registry.counter("imagecache.downloads", "result", "ok").increment();
    downloadBytes.increment(bytes);
    downloadDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A failed download; {@code reason} is the error's reason ({@code remote_unreachable}, {@code checksum_mismatch}...). */
  public void downloadFailed(String reason) {
    registry.counter("imagecache.downloads", "result", "failed").increment();
    registry.counter("imagecache.download.failures", "reason", reason).increment();
  }

  // --- remotes

  /** A catalog fetch: result {@code fetched}, {@code unchanged} or {@code failed}. */
  public void catalogFetched(String remote, String result) {
    registry.counter("imagecache.catalog.fetches", "remote", remote, "result", result).increment();
  }

  /** Seconds since the remote's catalog was fetched (NaN while it has none). */
  public void catalogAge(String remote, Supplier<Instant> fetchedAt, Clock clock) {
    Gauge.builder("imagecache.catalog.age", () -> {
      Instant at = fetchedAt.get();
      return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
    }).description("Seconds since the remote's catalog was fetched").tag("remote", remote).baseUnit("seconds").register(registry);
  }

  // --- mirror

  /**
   * A count of the mirror's, per endpoint, read from where it is kept ({@code imagecache.mirror.NAME}:
   * requests, hits, misses, pull_throughs; bytes served and fetched). Micrometer holds {@code state}
   * weakly: it must be kept by its owner (a lambda alone would be collected, and the counter read 0).
   */
  public <T> void mirrorCount(String name, String description, String remote, T state, java.util.function.ToLongFunction<T> count) {
    io.micrometer.core.instrument.FunctionCounter.builder("imagecache.mirror." + name, state, c -> (double) count.applyAsLong(c))
        .description(description).tag("remote", remote).register(registry);
  }

  /**
   * File bytes a source of a remote with mirrors sent ({@code source} is the mirror's URL, or
   * {@code upstream}), and 1 while a mirror is skipped after a failure; {@code state} is held weakly.
   */
  public <T> void sourceBytes(String remote, String source, T state, java.util.function.ToLongFunction<T> bytes) {
    io.micrometer.core.instrument.FunctionCounter.builder("imagecache.remote.source.bytes", state, c -> (double) bytes.applyAsLong(c))
        .description("File bytes each source of a remote with mirrors sent (a mirror, or the upstream itself)")
        .tag("remote", remote).tag("source", source).register(registry);
  }

  public void mirrorSkipped(String remote, String source, java.util.function.BooleanSupplier skipped) {
    Gauge.builder("imagecache.remote.mirror.skipped", () -> skipped.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 while a remote's mirror is skipped after a failure (its breaker open)")
        .tag("remote", remote).tag("source", source).register(registry);
  }

  /** 1 while the endpoint lists only what it holds because its upstream failed, else 0. */
  public void mirrorDegraded(String remote, java.util.function.BooleanSupplier degraded) {
    Gauge.builder("imagecache.mirror.upstream_failing", () -> degraded.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 while the endpoint lists only held images because its upstream failed").tag("remote", remote).register(registry);
  }

  // --- auto-update

  /** A scheduled prune ran to its end (deleting, or failing part-way); one refused because another ran is not counted. */
  public void scheduledPrune() {
    scheduledPrunes.increment();
  }

  public void autoUpdateRound() {
    autoUpdateRounds.increment();
  }

  /** An image checked against its source: result {@code refreshed}, {@code current} or {@code failed}. */
  public void imageRefresh(String result) {
    registry.counter("imagecache.image.refreshes", "result", result).increment();
  }

  // --- deletions

  /** An image record deleted for {@code reason} ({@code expired}, {@code disk_pressure}, {@code user}...), freeing bytes on disk. */
  public void imageDeleted(String reason, long bytesFreed) {
    registry.counter("imagecache.deletions", "reason", reason).increment();
    deletedBytes.increment(bytesFreed);
  }

  public void deletionBlocked() {
    deletionsBlocked.increment();
  }

  // --- gauges

  /** Bytes used by the image store and free on its filesystem; each read at most every {@link #GAUGE_CACHE}. */
  public void imageStore(LongSupplier usedBytes, LongSupplier freeBytes) {
    Gauge.builder("imagecache.store.used", cached(usedBytes)).description("Bytes in the image store").baseUnit("bytes").register(registry);
    Gauge.builder("imagecache.store.free", cached(freeBytes)).description("Bytes free on the image store's filesystem").baseUnit("bytes").register(registry);
  }

  /** Leases held, by kind ({@code launch}, {@code instance}); read at most every {@link #GAUGE_CACHE}. */
  public void leases(String kind, LongSupplier count) {
    Gauge.builder("imagecache.leases", cached(count)).description("Leases held, by kind").tag("kind", kind).register(registry);
  }

  static Supplier<Number> cached(LongSupplier source) {
    return new Supplier<>() {
      private long value;
      private long readAt = Long.MIN_VALUE;

      @Override
      public synchronized Number get() {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt >= GAUGE_CACHE.toNanos()) {
          value = source.getAsLong();
          readAt = now;
        }
        return value;
      }
    };
  }

  /** The API's open HTTP connections, all listeners' event loops together. */
  public void connections(IntSupplier open) {
    Gauge.builder("imagecache.http.connections", open::getAsInt).description("Open HTTP connections to the API").register(registry);
  }
}

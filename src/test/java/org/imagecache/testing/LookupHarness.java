package org.imagecache.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.imagecache.api.AliasRoutes;
import org.imagecache.api.ApiRouter;
import org.imagecache.api.ApiRoutes;
import org.imagecache.api.CacheRoutes;
import org.imagecache.api.ImageRoutes;
import org.imagecache.api.LeaseRoutes;
import org.imagecache.api.LookupRequests;
import org.imagecache.api.LookupRoutes;
import org.imagecache.api.OperationRoutes;
import org.imagecache.config.CacheConfig;
import org.imagecache.config.ImagesSettings;
import org.imagecache.config.RemoteConfig;
import org.imagecache.config.Watermark;
import org.imagecache.demo.StreamGenerator;
import org.imagecache.files.ImageFileStore;
import org.imagecache.files.LanePool;
import org.imagecache.image.ImageType;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.operations.Operations;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.Aliases;
import org.imagecache.resolve.Downloads;
import org.imagecache.resolve.FingerprintLocks;
import org.imagecache.resolve.ImageDamage;
import org.imagecache.resolve.ImageDeleter;
import org.imagecache.resolve.ImageRecords;
import org.imagecache.resolve.ImageRef;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.LeaseBook;
import org.imagecache.resolve.Leases;
import org.imagecache.resolve.LocalImages;
import org.imagecache.resolve.LookupCounters;
import org.imagecache.resolve.LookupRequest;
import org.imagecache.resolve.LookupResult;
import org.imagecache.resolve.Provisioner;
import org.imagecache.resolve.Pulls;
import org.imagecache.resolve.SourceResolver;
import org.imagecache.resolve.SpaceGuard;
import org.imagecache.resolve.UpdateSchedule;
import org.imagecache.resolve.UsageRecorder;
import org.imagecache.resolve.WriteBehind;
import org.imagecache.schedule.AutoUpdater;
import org.imagecache.schedule.CacheEvents;
import org.imagecache.schedule.CacheStats;
import org.imagecache.schedule.ImageRefresher;
import org.imagecache.schedule.PruneCandidates;
import org.imagecache.schedule.Pruner;
import org.imagecache.schedule.RevisionCollector;
import org.imagecache.schedule.UpdateBook;
import org.imagecache.server.LaunchModule;
import org.imagecache.server.PruningModule;
import org.imagecache.server.StorageModule;
import org.imagecache.server.UpdateModule;
import org.imagecache.store.Database;
import org.jspecify.annotations.Nullable;

/**
 * The launch lookup's real object graph, wired as {@code Services.assemble} wires it, over a real
 * SQLite file and a {@link FakeStreamsServer} serving a {@link StreamGenerator} stream as the one remote
 * "fixture". Time is a {@link MutableClock}; the images.* settings can be changed at any time. Close it
 * after the test.
 */
public final class LookupHarness implements AutoCloseable {
  public static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  public static final String REMOTE = "fixture";
  public static final String ALIAS = "testos/1";
  public static final String PRODUCT = "testos:1:amd64:default";
  public static final String V1 = "20261101_0000";
  public static final String V2 = "20261102_0000";
  public static final String V3 = "20261103_0000";
  public static final String ARCH = "x86_64";
  public static final Duration LAUNCH_LEASE = Duration.ofMinutes(10);
  /** The member the harness is, as cluster.member_name names one. */
  public static final String MEMBER = "member-1";
  /** The random number the update schedule's jitter uses. */
  public static final double JITTER = 0.5;
  /** The cache settings of {@link #pruner}: 1 h fresh grace, watermarks 85%/80%, 100 deletions a run. */
  public static final CacheConfig CACHE = cache(Watermark.parse("85%"), Watermark.parse("80%"), 100);

  public final Vertx vertx;
  public final Path dir;
  public final Path streams;
  public final MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
  public final AtomicReference<ImagesSettings> settings = new AtomicReference<>(new ImagesSettings(true, 6, 10));
  public final FakeStreamsServer server;
  public final Remotes remotes;
  public final Database db;
  public final Path dbFile;
  public final ImageFileStore files;
  public final Operations operations;
  public final LeaseBook leaseBook;
  public final UsageRecorder usage;
  public final LocalImages local;
  public final FingerprintLocks locks;
  public final Downloads downloads;
  /** Where downloads write and hash (the service's kind of pool unless a test gave one). */
  public final LanePool lanes;
  public final ImageDamage damage;
  public final Provisioner provisioner;
  public final SourceResolver resolver;
  public final LaunchLookup lookup;
  public final ImageDeleter deleter;
  public final ImageRecords records;
  public final Aliases aliases;
  public final Pulls pulls;
  public final Leases leases;
  public final WriteBehind writeBehind;
  public final RevisionCollector revisions;
  public final LookupCounters counters;
  public final UpdateBook book;
  public final ImageRefresher refresher;
  public final AutoUpdater autoUpdater;
  /** Prune parts with {@link #CACHE}; not the downloads' space guard unless a test makes it one. */
  public final PruneCandidates candidates;
  public final Pruner pruner;
  public final CacheStats stats;
  /** What the components record into (an in-memory registry unless a test gave a Prometheus one). */
  public final ImageCacheMetrics metrics;
  /** cache.keep_revisions, changeable by tests. */
  public volatile int keepRevisions;
  /** The fingerprint of the first published version. */
  public final String fp1;
  private final long payloadBytes;
  private volatile SpaceGuard spaceGuard = SpaceGuard.NONE;
  private HttpServer http;

  /** A second server on the same stream, configured as the remote's one mirror (or null). */
  public final @Nullable FakeStreamsServer mirror;

  private LookupHarness(Vertx vertx, Path dir, Duration idleTimeout, long payloadBytes, ImageCacheMetrics metrics, LanePool lanes) {
    this(vertx, dir, idleTimeout, payloadBytes, metrics, lanes, 0);
  }

  private LookupHarness(Vertx vertx, Path dir, Duration idleTimeout, long payloadBytes, ImageCacheMetrics metrics, LanePool lanes,
      int mirrors) {
    this.lanes = lanes;
    this.metrics = metrics;
    this.vertx = vertx;
    this.dir = dir;
    this.payloadBytes = payloadBytes;
    this.streams = dir.resolve("streams");
    fp1 = publish(List.of(V1)).get(V1);
    server = FakeStreamsServer.start(vertx, streams);
    mirror = mirrors == 0 ? null : FakeStreamsServer.start(vertx, streams);
    Map<String, RemoteConfig> configs = new LinkedHashMap<>();
    configs.put(REMOTE, RemoteConfig.builder(REMOTE, URI.create(server.baseUrl()))
        .connectTimeout(Duration.ofSeconds(2)).idleTimeout(idleTimeout).maxCatalogBytes(1024 * 1024).maxCatalogTotalBytes(2 * 1024 * 1024)
        .mirrors(mirror == null ? List.of() : List.of(new RemoteConfig.Mirror(URI.create(mirror.baseUrl()), java.util.Optional.empty())))
        .failover(new RemoteConfig.Failover(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30)))
        .build());
    remotes = new Remotes(vertx, configs, createDirectories(dir.resolve("catalogs")), clock, ARCH, metrics);
    dbFile = TestDatabase.migrate(dir);
    db = TestDatabase.openFile(vertx, dbFile);
    files = new ImageFileStore(createDirectories(dir.resolve("images")));
    // the service's own modules, over this harness's clock, settings and remote
    StorageModule storage = StorageModule.over(vertx, clock, metrics, db, files, MEMBER, () -> LAUNCH_LEASE);
    operations = storage.operations();
    leaseBook = storage.leaseBook();
    usage = storage.usage();
    local = storage.local();
    locks = storage.locks();
    counters = storage.counters();
    deleter = storage.deleter();
    UpdateSchedule schedule = new UpdateSchedule(() -> JITTER);
    PruningModule pruning = PruningModule.over(storage, new PruneCandidates.Settings(CACHE, settings::get, clock));
    candidates = pruning.candidates();
    pruner = pruning.pruner();
    LaunchModule launch = LaunchModule.over(storage, remotes,
        new LaunchModule.Wiring(lanes, bytes -> spaceGuard.makeRoom(bytes), settings::get, schedule,
            org.imagecache.resolve.Tier.ALONE));
    downloads = launch.downloads();
    damage = launch.damage();
    provisioner = launch.provisioner();
    resolver = launch.resolver();
    lookup = launch.lookup();
    records = launch.records();
    aliases = launch.aliases();
    pulls = launch.pulls();
    leases = launch.leases();
    writeBehind = launch.writeBehind();
    UpdateModule updates = UpdateModule.over(storage, remotes, launch,
        new UpdateModule.Wiring(() -> keepRevisions, CACHE::freshGrace, settings::get, schedule, 2, Duration.ofSeconds(30)));
    revisions = updates.revisions();
    book = updates.book();
    refresher = updates.refresher();
    autoUpdater = updates.autoUpdater();
    metrics.imageStore(files::usedBytes, () -> files.directory().toFile().getUsableSpace());
    metrics.leases("launch", () -> leaseBook.launchLeases().stream().filter(l -> l.activeAt(clock.instant())).count());
    stats = new CacheStats(candidates, db, remotes, counters, java.util.Optional::empty);
  }

  /** Who makes room before a download: nobody, unless a test names a guard (the service's is its pruner). */
  public void spaceGuard(SpaceGuard guard) {
    this.spaceGuard = guard;
  }

  /** Cache settings like {@link #CACHE} with other watermarks and deletion cap. */
  public static CacheConfig cache(Watermark high, Watermark low, int maxDeletions) {
    return new CacheConfig(LAUNCH_LEASE, Duration.ofHours(1), 0, high, low, maxDeletions, 2, Duration.ofSeconds(30), Duration.ofDays(1));
  }

  /** Prune candidates read with these cache settings (the harness's clock and images settings). */
  public PruneCandidates candidates(CacheConfig cache) {
    return new PruneCandidates(vertx, db, leaseBook, files, local.member(), new PruneCandidates.Settings(cache, settings::get, clock));
  }

  /** A pruner of its own over these candidates (its own one-at-a-time flag). */
  public Pruner pruner(PruneCandidates from) {
    return new Pruner(vertx, db, from, deleter);
  }

  /** A harness with a 2 s idle timeout and a 64 KiB payload. Call from the test thread. */
  public static LookupHarness start(Vertx vertx, Path dir) {
    return start(vertx, dir, Duration.ofSeconds(2), 64 * 1024);
  }

  public static LookupHarness start(Vertx vertx, Path dir, Duration idleTimeout, long payloadBytes) {
    return new LookupHarness(vertx, dir, idleTimeout, payloadBytes, ImageCacheMetrics.inMemory(), LanePool.create());
  }

  /** A harness whose downloads write and hash on these lanes (a slow disk, for one). */
  public static LookupHarness start(Vertx vertx, Path dir, Duration idleTimeout, long payloadBytes, LanePool lanes) {
    return new LookupHarness(vertx, dir, idleTimeout, payloadBytes, ImageCacheMetrics.inMemory(), lanes);
  }

  /**
   * A harness whose remote has one mirror: a second server on the same stream, with budgets of 500 ms to
   * connect and 1 s for a head or a stall, skipped 30 s after a failure.
   */
  public static LookupHarness startWithMirror(Vertx vertx, Path dir) {
    return new LookupHarness(vertx, dir, Duration.ofSeconds(2), 64 * 1024, ImageCacheMetrics.prometheus(), LanePool.create(), 1);
  }

  /** A harness whose components record into these metrics (2 s idle timeout, 64 KiB payload). */
  public static LookupHarness start(Vertx vertx, Path dir, ImageCacheMetrics metrics) {
    return new LookupHarness(vertx, dir, Duration.ofSeconds(2), 64 * 1024, metrics, LanePool.create());
  }

  /** Writes the stream with these versions (the newest is what the alias names); returns version -> fingerprint. */
  public Map<String, String> publish(List<String> versions) {
    return StreamGenerator.write(streams, new StreamGenerator.Spec("testos", List.of("1"), versions, List.of("amd64"), payloadBytes))
        .get(PRODUCT);
  }

  /** The same stream with a virtual machine disk of {@code diskBytes} in every version; returns version -> the VM image's fingerprint. */
  public Map<String, String> publishWithVmDisks(List<String> versions, long diskBytes) {
    return StreamGenerator.write(streams, new StreamGenerator.Spec("testos", List.of("1"), versions, List.of("amd64"), payloadBytes, diskBytes))
        .get(StreamGenerator.vmKey(PRODUCT));
  }

  public Remotes.Remote remote() {
    return remotes.get(REMOTE);
  }

  /** Refetches the remote's catalog now. */
  public void refreshCatalog() {
    remote().catalog().refreshNow().await();
  }

  public void setInterval(int hours) {
    ImagesSettings s = settings.get();
    settings.set(new ImagesSettings(s.autoUpdateCached(), hours, s.remoteCacheExpiryDays()));
  }

  public void setAutoUpdateCached(boolean value) {
    ImagesSettings s = settings.get();
    settings.set(new ImagesSettings(value, s.autoUpdateIntervalHours(), s.remoteCacheExpiryDays()));
  }

  public static LookupRequest byAlias(String project, String alias) {
    return new LookupRequest(project, REMOTE, new ImageRef.Alias(alias), ARCH, ImageType.CONTAINER, null, Provisioner.Waiting.UNTIL_PROVISIONED);
  }

  public static LookupRequest byAlias(String alias) {
    return byAlias("default", alias);
  }

  public static LookupRequest byFingerprint(String project, String remote, String prefix) {
    return new LookupRequest(project, remote, new ImageRef.FingerprintPrefix(prefix), ARCH, ImageType.CONTAINER, null, Provisioner.Waiting.UNTIL_PROVISIONED);
  }

  public static LookupRequest localAlias(String project, String alias) {
    return new LookupRequest(project, null, new ImageRef.Alias(alias), ARCH, ImageType.CONTAINER, null, Provisioner.Waiting.UNTIL_PROVISIONED);
  }

  /** Runs a waiting lookup and returns its answer (fails the test with the lookup's failure). */
  public LookupResult lookupNow(LookupRequest req) {
    return ((LaunchLookup.Done) lookup.lookup(req).await()).result();
  }

  /** Every file (and temp file) in the image store. */
  public List<String> imageDirEntries() {
    try (Stream<Path> s = Files.list(files.directory())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The route groups the service has for images, aliases, lookup, operations, leases and the cache. */
  public List<ApiRoutes> routes() {
    LookupRequests lookupRequests = new LookupRequests(remotes, ARCH);
    List<ApiRoutes> routes = new ArrayList<>();
    routes.add(new LookupRoutes(lookup, lookupRequests, counters, metrics));
    routes.add(new AliasRoutes(aliases));
    routes.add(new ImageRoutes(records, pulls, operations, lookupRequests, refresher));
    routes.add(new OperationRoutes(vertx, operations));
    routes.add(new LeaseRoutes(leases));
    routes.add(new CacheRoutes(pruner, stats, new CacheEvents(db), aliases));
    return routes;
  }

  /** Starts the real router with {@link #routes()} on 127.0.0.1, port 0; returns the port. */
  public int serveApi() {
    return serveApi(ApiRouter.MetricsRoute.NONE);
  }

  /** Like {@link #serveApi()}, with GET /metrics served as given. */
  public int serveApi(ApiRouter.MetricsRoute metricsRoute) {
    Router router = ApiRouter.create(vertx, TOKEN::equals, routes(), metricsRoute);
    http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return http.actualPort();
  }

  /** Every row of every table, as text, for before/after comparisons. */
  public String dumpTables() {
    StringBuilder sb = new StringBuilder();
    for (String table : List.of("images", "image_aliases", "image_properties", "image_sources", "leases", "cache_events", "settings")) {
      sb.append(table).append(":\n");
      try (var c = TestDatabase.connect(dbFile);
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            sb.append(rs.getString(i)).append('|');
          }
          sb.append('\n');
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("Failed dumping " + table, e);
      }
    }
    return sb.toString();
  }

  private static Path createDirectories(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (http != null) {
      http.close().await();
    }
    db.flush().await();
    remotes.close();
    server.close();
    if (mirror != null) {
      mirror.close();
    }
    lanes.close();
    db.close();
  }
}

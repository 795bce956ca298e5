package org.imagecache.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.imagecache.api.AliasRoutes;
import org.imagecache.api.ApiRouter;
import org.imagecache.api.ApiRoutes;
import org.imagecache.api.CacheRoutes;
import org.imagecache.api.ImageRoutes;
import org.imagecache.api.LeaseRoutes;
import org.imagecache.api.LookupRequests;
import org.imagecache.api.LookupRoutes;
import org.imagecache.api.OperationRoutes;
import org.imagecache.api.RemoteRoutes;
import org.imagecache.api.ServerRoutes;
import org.imagecache.api.VerifyRoutes;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.files.LanePool;
import org.imagecache.image.Architecture;
import org.imagecache.image.Lease;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.operations.Operations;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.Aliases;
import org.imagecache.resolve.DownloadLog;
import org.imagecache.resolve.Downloads;
import org.imagecache.resolve.FingerprintLocks;
import org.imagecache.resolve.ImageDamage;
import org.imagecache.resolve.ImageDeleter;
import org.imagecache.resolve.ImageRecords;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.Launches;
import org.imagecache.resolve.LeaseBook;
import org.imagecache.resolve.Leases;
import org.imagecache.resolve.LocalImages;
import org.imagecache.resolve.LookupCounters;
import org.imagecache.resolve.Provisioner;
import org.imagecache.resolve.Pulls;
import org.imagecache.resolve.SourceResolver;
import org.imagecache.resolve.UpdateSchedule;
import org.imagecache.resolve.UsageRecorder;
import org.imagecache.resolve.WriteBehind;
import org.imagecache.schedule.AutoUpdater;
import org.imagecache.schedule.CacheEvents;
import org.imagecache.schedule.CacheStats;
import org.imagecache.schedule.ImageRefresher;
import org.imagecache.schedule.PruneCandidates;
import org.imagecache.schedule.PruneSchedule;
import org.imagecache.schedule.Pruner;
import org.imagecache.schedule.RevisionCollector;
import org.imagecache.schedule.UpdateBook;
import org.imagecache.settings.RuntimeSettings;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;
import org.imagecache.store.SettingsRepository;

/** The components of a running service, built in dependency order; the composition root's wiring. */
final class Services implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Services.class);
  /** What the service says of itself in GET /1.0. */
  record Info(String version, String dataDir, String schema) {}

  private final Database db;
  private final Remotes remotes;
  private final AdminToken token;
  private final Background background;
  private final List<ApiRoutes> routes;
  private final ImageCacheMetrics metrics;
  private final LanePool lanes;

  /** What runs beside the API: the write-behind flusher and the auto-updater. */
  record Background(WriteBehind writeBehind, AutoUpdater autoUpdater, PruneSchedule prunes, ImageDamage damage, Downloads downloads) {}

  private Services(Database db, Remotes remotes, AdminToken token, Background background, List<ApiRoutes> routes,
      ImageCacheMetrics metrics, LanePool lanes) {
    this.lanes = lanes;
    this.metrics = metrics;
    this.db = db;
    this.remotes = remotes;
    this.token = token;
    this.background = background;
    this.routes = routes;
  }

  /** Builds everything (blocking: the database is read, the image store swept). */
  static Services assemble(Vertx vertx, ImageCacheConfig config, Clock clock, Info info, ImageCacheMetrics metrics) {
    Database db = Database.open(vertx, config.databaseFile());
    try {
      AdminToken token = AdminToken.loadOrCreate(config.tokenFile());
      RuntimeSettings settings = RuntimeSettings.load(config.images(), db, new SettingsRepository(), clock);
      ImageFileStore files = new ImageFileStore(config.imagesDir());
      files.renameVirtualMachineDisks(db.readNow(new ImageRepository()::listVirtualMachineFingerprints));
      files.sweep(db.readNow(new ImageRepository()::listReferencedFingerprints));
      String arch = Architecture.host();
      DemoStreams.writeMissing(config.remotes().values());
      Remotes remotes = new Remotes(vertx, config.remotes(), config.catalogsDir(), clock, arch, metrics);
      Operations operations = new Operations(clock);
      LeaseBook leaseBook = new LeaseBook(clock, () -> config.cache().launchLease());
      leaseBook.restore(db.readNow(session -> new LeaseRepository().listByKind(session, Lease.Kind.LAUNCH)));
      UsageRecorder usage = new UsageRecorder(clock);
      LocalImages local = new LocalImages(db);
      FingerprintLocks locks = new FingerprintLocks();
      LookupCounters counters = new LookupCounters(clock.instant());
      LanePool lanes = LanePool.create();
      Downloads downloads = new Downloads(vertx, files, lanes, operations, locks, new DownloadLog(counters, db, clock, metrics),
          local::isReferenced);
      UpdateSchedule schedule = new UpdateSchedule(() -> ThreadLocalRandom.current().nextDouble());
      ImageDamage damage = new ImageDamage(vertx, files, locks, db, clock);
      Provisioner provisioner = new Provisioner(local, downloads, damage, settings, schedule, clock);
      SourceResolver resolver = new SourceResolver(remotes, local, settings);
      LaunchLookup lookup = new LaunchLookup(resolver, provisioner, new Launches(leaseBook, usage, db, clock), local, files, locks,
          damage);
      ImageDeleter deleter = new ImageDeleter(vertx, files, leaseBook, locks, local, clock, metrics);
      ImageRecords records = new ImageRecords(db, local, leaseBook, usage, deleter);
      Aliases aliases = new Aliases(db, records);
      LookupRequests lookupRequests = new LookupRequests(remotes, arch);
      PruneCandidates candidates = new PruneCandidates(vertx, db, leaseBook, files, new PruneCandidates.Settings(config.cache(), settings, clock));
      Pruner pruner = new Pruner(vertx, db, candidates, deleter);
      downloads.spaceGuard(pruner);
      PruneSchedule pruneSchedule = new PruneSchedule(vertx, pruner, config.cache().pruneInterval(), metrics);
      RevisionCollector revisions = new RevisionCollector(db, deleter, () -> config.cache().keepRevisions(),
          () -> config.cache().freshGrace(), clock);
      UpdateBook book = new UpdateBook(db, schedule, settings, clock, usage);
      ImageRefresher refresher = new ImageRefresher(remotes, downloads, local, book, revisions, damage, metrics);
      AutoUpdater autoUpdater = new AutoUpdater(vertx, book, refresher, revisions, config.cache().autoUpdateConcurrency(),
          config.cache().autoUpdateTick(), metrics);
      registerGauges(metrics, files, leaseBook, db, clock);
      settings.onChange(x -> autoUpdater.runRound());
      settings.onChange(x -> pruneSchedule.runNow());
      ServerRoutes.ServerInfo serverInfo = new ServerRoutes.ServerInfo(info.version(), arch, config.listen().toString(), info.dataDir(), info.schema());
      List<ApiRoutes> routes = List.of(
          new ServerRoutes(settings, serverInfo, pruner::planUnderExpiry),
          new RemoteRoutes(remotes),
          new LookupRoutes(lookup, lookupRequests, counters, metrics),
          new AliasRoutes(aliases),
          new ImageRoutes(records, new Pulls(resolver, provisioner, local, records), operations, lookupRequests, refresher),
          new VerifyRoutes(records, damage),
          new OperationRoutes(vertx, operations),
          new LeaseRoutes(new Leases(leaseBook, db, clock)),
          new CacheRoutes(pruner, new CacheStats(candidates, db, remotes, counters), new CacheEvents(db), aliases));
      return new Services(db, remotes, token, new Background(new WriteBehind(vertx, db, usage, leaseBook, metrics), autoUpdater, pruneSchedule, damage, downloads), routes, metrics, lanes);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Gauges read at scrape time (each at most every few seconds): the image store and the leases. */
  static void registerGauges(ImageCacheMetrics metrics, ImageFileStore files, LeaseBook leaseBook, Database db, Clock clock) {
    metrics.imageStore(files::usedBytes, () -> freeBytes(files.directory()));
    metrics.leases("launch", () -> leaseBook.launchLeases().stream().filter(l -> l.activeAt(clock.instant())).count());
    LeaseRepository leases = new LeaseRepository();
    metrics.leases("instance", () -> db.readNow(session -> leases.listByKind(session, Lease.Kind.INSTANCE)).size());
  }

  private static long freeBytes(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  ImageCacheMetrics metrics() {
    return metrics;
  }

  AdminToken token() {
    return token;
  }

  List<ApiRoutes> routes() {
    return routes;
  }

  private final AtomicBoolean draining = new AtomicBoolean();

  /** True once the service stops: new requests get 503 {@code shutting_down}. */
  BooleanSupplier draining() {
    return draining::get;
  }

  /**
   * The stop begins: new requests are refused, and downloads under way end with {@code shutting_down}
   * (not blamed on a remote), so that their callers get that answer before their connections close.
   */
  void beginShutdown() {
    draining.set(true);
    background.downloads().cancelAll(new ServiceUnavailableException("shutting_down",
        "The service is shutting down; the download was stopped (it starts over at the next lookup)"));
  }

  /** Unhealthy once the database file vanished or was replaced under the service. */
  ApiRouter.Health health() {
    return db::lost;
  }

  void startBackground() {
    background.writeBehind().start();
    background.autoUpdater().start();
    background.prunes().start();
    // every start re-hashes what the store holds, in the background: a launch never waits for it
    background.damage().verifyAll().onComplete(ar -> {
      if (ar.succeeded()) {
        long missing = ar.result().stream().filter(v -> v.problem().filter(ImageDamage.MISSING::equals).isPresent()).count();
        long damaged = ar.result().stream().filter(v -> v.problem().isPresent()).count() - missing;
        LOG.info("verified the files of {} images after start: {} damaged and removed, {} without files", ar.result().size(),
            damaged, missing);
      } else {
        LOG.warn("verifying the image files after start failed: {}", ar.cause().toString());
      }
    });
  }

  /** Stops the schedules, writes what is pending (last uses, launch leases), then waits for the database writer. */
  Future<Void> flush() {
    background.autoUpdater().stop();
    background.prunes().stop();
    return background.writeBehind().stop().compose(v -> db.flush());
  }

  @Override
  public void close() {
    remotes.close();
    lanes.close();
    db.close();
  }
}

package org.imagecache.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
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
import org.imagecache.config.DatabaseConfig;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.files.LanePool;
import org.imagecache.image.Architecture;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Lease;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.Downloads;
import org.imagecache.resolve.ImageDamage;
import org.imagecache.resolve.LeaseBook;
import org.imagecache.resolve.OrphanedCopies;
import org.imagecache.resolve.UpdateSchedule;
import org.imagecache.resolve.WriteBehind;
import org.imagecache.schedule.AutoUpdater;
import org.imagecache.schedule.CacheEvents;
import org.imagecache.schedule.CacheStats;
import org.imagecache.schedule.PruneCandidates;
import org.imagecache.schedule.PruneSchedule;
import org.imagecache.settings.RuntimeSettings;
import org.imagecache.cluster.TierDownloads;
import org.imagecache.resolve.Tier;
import org.imagecache.store.ClaimRepository;
import org.imagecache.store.Database;
import org.imagecache.store.MemberRepository;
import org.imagecache.store.ReplicaRepository;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;
import org.imagecache.store.SettingsRepository;
import org.jspecify.annotations.Nullable;

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
  private final @Nullable MirrorModule mirror;
  private final String member;
  private final java.util.Optional<TierDownloads> tier;

  /**
   * What runs beside the API: the write-behind flusher, the auto-updater, the prunes.
   *
   * @param shared on a database other members share (PostgreSQL), what reads their changes: their
   *     settings, applied here within {@link #SHARED_SETTINGS} (their reactions, a prune or an
   *     auto-update round, included), and their deletions, which remove this member's copies; none on
   *     the embedded file
   */
  record Background(WriteBehind writeBehind, AutoUpdater autoUpdater, PruneSchedule prunes, ImageDamage damage, Downloads downloads,
      List<Polling> shared) {}

  /** How soon a member applies a settings change another member made ({@code PATCH /1.0} there). */
  static final java.time.Duration SHARED_SETTINGS = java.time.Duration.ofSeconds(2);

  private Services(Database db, Remotes remotes, AdminToken token, Background background, List<ApiRoutes> routes,
      ImageCacheMetrics metrics, LanePool lanes, @Nullable MirrorModule mirror, Membership membership) {
    this.member = membership.member();
    this.tier = membership.tier();
    this.mirror = mirror;
    this.lanes = lanes;
    this.metrics = metrics;
    this.db = db;
    this.remotes = remotes;
    this.token = token;
    this.background = background;
    this.routes = routes;
  }

  /** Who this member is, and on a shared database the tier its downloads go through. */
  record Membership(String member, java.util.Optional<TierDownloads> tier) {
    Tier downloads() {
      return tier.<Tier>map(t -> t).orElse(Tier.ALONE);
    }

    java.util.Optional<String> secret() {
      return tier.map(TierDownloads::secret);
    }
  }

  /** On a shared database, the tier (its secret made by the first member to start); alone, none. */
  static Membership membership(Vertx vertx, Database db, String member, Clock clock) {
    if (!db.shared()) {
      return new Membership(member, java.util.Optional.empty());
    }
    byte[] candidate = new byte[32];
    new java.security.SecureRandom().nextBytes(candidate);
    String secret = db.writeNow(session -> new MemberRepository().tierSecret(session, java.util.HexFormat.of().formatHex(candidate)));
    return new Membership(member, java.util.Optional.of(new TierDownloads(vertx, db, member, secret, clock)));
  }

  /** Opens the configured database (its schema already migrated). */
  static Database open(Vertx vertx, DatabaseConfig database) {
    if (database instanceof DatabaseConfig.Postgres pg) {
      return Database.openPostgres(vertx, pg.url(), pg.user(), pg.password().orElse(null));
    }
    return Database.open(vertx, ((DatabaseConfig.Sqlite) database).file());
  }

  /**
   * Records this member's start and sets its replicas to the files its store holds (after the sweep):
   * a file that went while the service was down is no longer said to be here, and one here is. One
   * transaction.
   */
  static void joinTier(Database db, ImageFileStore files, Set<Fingerprint> referenced, String member, String address, Clock clock) {
    Set<Fingerprint> held = new java.util.HashSet<>();
    for (Fingerprint fp : referenced) {
      if (files.anyPresent(fp)) {
        held.add(fp);
      }
    }
    ReplicaRepository.Reconciled r = db.writeNow(session -> {
      new MemberRepository().started(session, member, address, clock.instant());
      new ClaimRepository().releaseAllOf(session, member); // a claim from before this start is nobody's download
      return new ReplicaRepository().reconcile(session, member, held, clock.instant());
    });
    LOG.info("member {}: holds the files of {} images ({} replicas recorded, {} no longer here)", member, held.size(), r.added(), r.removed());
  }

  /** Builds everything (blocking: the database is read, the image store swept). */
  static Services assemble(Vertx vertx, ImageCacheConfig config, Clock clock, Info info, ImageCacheMetrics metrics) {
    Database db = open(vertx, config.database());
    try {
      AdminToken token = AdminToken.loadOrCreate(config.tokenFile());
      RuntimeSettings settings = RuntimeSettings.load(config.images(), db, new SettingsRepository(), clock);
      ImageFileStore files = new ImageFileStore(config.imagesDir());
      files.renameVirtualMachineDisks(db.readNow(new ImageRepository()::listVirtualMachineFingerprints));
      Set<Fingerprint> referenced = db.readNow(new ImageRepository()::listReferencedFingerprints);
      files.sweep(referenced);
      String member = config.cluster().memberName().orElseGet(ImageCacheServer::hostName);
      joinTier(db, files, referenced, member, config.cluster().address().map(Object::toString).orElse(""), clock);
      Membership membership = membership(vertx, db, member, clock);
      String arch = Architecture.host();
      DemoStreams.writeMissing(config.remotes().values());
      Remotes remotes = new Remotes(vertx, config.remotes(), config.catalogsDir(), clock, arch, metrics);
      StorageModule storage = StorageModule.over(vertx, clock, metrics, db, files, member, () -> config.cache().launchLease());
      storage.leaseBook().restore(db.readNow(session -> new LeaseRepository().listByKind(session, Lease.Kind.LAUNCH)));
      LanePool lanes = LanePool.create();
      UpdateSchedule schedule = new UpdateSchedule(() -> ThreadLocalRandom.current().nextDouble());
      PruningModule pruning = PruningModule.over(storage, new PruneCandidates.Settings(config.cache(), settings, clock));
      LaunchModule launch = LaunchModule.over(storage, remotes, new LaunchModule.Wiring(lanes, pruning.pruner(), settings, schedule,
          membership.downloads()));
      UpdateModule updates = UpdateModule.over(storage, remotes, launch, new UpdateModule.Wiring(() -> config.cache().keepRevisions(),
          () -> config.cache().freshGrace(), settings, schedule, config.cache().autoUpdateConcurrency(), config.cache().autoUpdateTick()));
      PruneSchedule pruneSchedule = new PruneSchedule(vertx, pruning.pruner(), config.cache().pruneInterval(), metrics);
      LookupRequests lookupRequests = new LookupRequests(remotes, arch);
      registerGauges(metrics, files, storage.leaseBook(), db, clock);
      settings.onChange(x -> updates.autoUpdater().runRound());
      settings.onChange(x -> pruneSchedule.runNow());
      ServerRoutes.ServerInfo serverInfo = new ServerRoutes.ServerInfo(info.version(), arch, config.listen().toString(), info.dataDir(), info.schema());
      MirrorModule mirror = config.mirror().enabled() ? MirrorModule.over(storage, remotes, launch, config.mirror(), clock, metrics,
          membership.secret()) : null;
      java.util.function.Supplier<java.util.Optional<org.imagecache.schedule.MirrorStats>> mirrorStats = () -> java.util.Optional.ofNullable(mirror)
          .map(m -> m.counters().stats(m.endpoints()));
      List<ApiRoutes> routes = List.of(
          new ServerRoutes(settings, serverInfo, pruning.pruner()::planUnderExpiry),
          new RemoteRoutes(remotes),
          new LookupRoutes(launch.lookup(), lookupRequests, storage.counters(), metrics),
          new AliasRoutes(launch.aliases()),
          new ImageRoutes(launch.records(), launch.pulls(), storage.operations(), lookupRequests, updates.refresher()),
          new VerifyRoutes(launch.records(), launch.damage()),
          new OperationRoutes(vertx, storage.operations()),
          new LeaseRoutes(launch.leases()),
          new CacheRoutes(pruning.pruner(), new CacheStats(pruning.candidates(), db, remotes, storage.counters(), mirrorStats), new CacheEvents(db), launch.aliases()));
      List<Polling> shared = List.of();
      if (db.shared()) {
        OrphanedCopies copies = new OrphanedCopies(vertx, files, storage.locks(), storage.local(),
            fp -> launch.downloads().current(fp) != null || storage.local().holdsUnrecorded(fp), clock, () -> config.cache().launchLease());
        shared = List.of(new Polling(vertx, SHARED_SETTINGS, "reading the shared settings", settings::refresh),
            new Polling(vertx, OrphanedCopies.INTERVAL, "looking for copies of images deleted on other members", copies::pass));
      }
      return new Services(db, remotes, token, new Background(launch.writeBehind(), updates.autoUpdater(), pruneSchedule, launch.damage(), launch.downloads(),
          shared),
          routes, metrics, lanes, mirror, membership);
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

  /** The mirror, when {@code mirror.listen} is set. */
  java.util.Optional<MirrorModule> mirror() {
    return java.util.Optional.ofNullable(mirror);
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
    background.shared().forEach(Polling::start);
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
    background.shared().forEach(Polling::stop);
    return background.writeBehind().stop().compose(v -> db.flush());
  }

  /** Tells the other members the SHA-256 of the certificate this member's mirror listener shows: they pin it. */
  void publishMirrorCertificate(String sha256) {
    db.writeNow(session -> {
      new MemberRepository().certificate(session, member, sha256);
      return null;
    });
  }

  @Override
  public void close() {
    tier.ifPresent(TierDownloads::close);
    remotes.close();
    lanes.close();
    db.close();
  }
}

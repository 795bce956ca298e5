package org.imagecache.server;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imagecache.api.ApiRouter;
import org.imagecache.config.DatabaseConfig;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.config.MirrorConfig;
import org.imagecache.files.ImageFileStore;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.mirror.MirrorCertificates;
import org.imagecache.mirror.MirrorHandler;
import org.imagecache.mirror.MirrorTlsException;
import org.imagecache.store.DatabaseException;
import org.imagecache.store.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's life: checks and prepares the data directory, migrates the database, assembles the
 * components ({@link Services}), and serves the API. {@link #stop} drains in-flight requests and
 * flushes pending writes.
 */
public final class ImageCacheServer {
  private static final Logger LOG = LoggerFactory.getLogger(ImageCacheServer.class);
  static final Duration DRAIN = Duration.ofSeconds(10);

  private final DataDir dataDir;
  private final Vertx vertx;
  private final Services services;
  private final String deployment;

  private ImageCacheServer(DataDir dataDir, Vertx vertx, Services services, String deployment) {
    this.dataDir = dataDir;
    this.vertx = vertx;
    this.services = services;
    this.deployment = deployment;
  }

  /**
   * Starts the service; blocks until it listens.
   *
   * @throws StartupException (a database that cannot be opened or migrated too) with a one-line cause;
   *     the existing data is then left as it was
   */
  public static ImageCacheServer start(ImageCacheConfig config, Clock clock, String version) {
    DataDir dir = DataDir.acquire(config.dataDir(), config.imagesDir(), config.catalogsDir());
    Vertx vertx = null;
    Services services = null;
    try {
      checkPortFree(config.listen());
      if (config.mirror().listen().isPresent()) {
        checkPortFree(config.mirror().listen().get());
      }
      // operator certificates are read before anything changes; the private CA is created only once
      // every other check has passed, so that a start that fails leaves nothing new behind
      checkTlsEngine(config.mirror());
      Optional<MirrorCertificates.ServerIdentity> operators = mirrorIdentity(config, clock, Certificates.OPERATORS);
      String schema = migrate(config);
      ImageCacheMetrics metrics = ImageCacheMetrics.prometheus();
      vertx = metrics.vertx();
      services = Services.assemble(vertx, config, clock, new Services.Info(version, dir.path().toString(), schema), metrics);
      Services shared = services;
      ApiRouter.MetricsRoute metricsRoute = new ApiRouter.MetricsRoute(metrics, config.metricsRequireToken());
      ConnectionGuard guard = new ConnectionGuard(vertx, config.connections());
      metrics.connections(guard::openConnections);
      // the mirror first: once the API answers (/healthz), every listener is up
      Optional<MirrorCertificates.ServerIdentity> identity = operators.isPresent() ? operators
          : mirrorIdentity(config, clock, Certificates.PRIVATE_CA);
      String mirrorAt = deployMirror(vertx, config, services, identity);
      String deployment = await(vertx.deployVerticle(() -> new ApiVerticle(shared, config.listen(), metricsRoute, guard),
          new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())), "listen on " + config.listen());
      services.startBackground();
      LOG.info("imagecache {} listening on http://{} (data_dir {}, schema {}, remotes {}){}", version,
          config.listen(), dir.path(), schema, config.remotes().keySet(), mirrorAt);
      return new ImageCacheServer(dir, vertx, services, deployment);
    } catch (RuntimeException e) {
      if (services != null) {
        services.close();
      }
      if (vertx != null) {
        vertx.close();
      }
      dir.close();
      throw e;
    }
  }

  /**
   * The mirror's HTTPS servers, when {@code mirror.listen} is set (its certificate prepared first); what
   * the start-up line says of it.
   */
  private static String deployMirror(Vertx vertx, ImageCacheConfig config, Services services,
      Optional<MirrorCertificates.ServerIdentity> prepared) {
    Optional<MirrorModule> mirror = services.mirror();
    Optional<ImageCacheConfig.Listen> listen = config.mirror().listen();
    if (mirror.isEmpty() || listen.isEmpty() || prepared.isEmpty()) {
      return "";
    }
    MirrorCertificates.ServerIdentity identity = prepared.get();
    services.publishMirrorCertificate(identity.sha256());
    ConnectionGuard guard = new ConnectionGuard(vertx, config.connections());
    MirrorHandler handler = mirror.get().handler();
    MirrorConfig.Engine engine = config.mirror().tls().engine();
    await(vertx.deployVerticle(() -> new MirrorVerticle(listen.get(), identity, engine, handler, guard),
        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())), "listen on " + listen.get() + " (mirror)");
    return "; mirror on https://" + listen.get() + " (" + config.mirror().mode().wireName() + ", " + engine.wireName() + " TLS, certificate " + identity.describe() + ")";
  }

  /** Where the mirror's certificate comes from. */
  private enum Certificates {
    /** {@code mirror.tls.cert} and {@code mirror.tls.key}: only read. */
    OPERATORS,
    /** The private CA under {@code data_dir/tls}: created or renewed when needed. */
    PRIVATE_CA
  }

  /**
   * The mirror's certificate when it comes from {@code source}, checked (or, for the private CA, created);
   * a bad one is the start's one line.
   */
  private static Optional<MirrorCertificates.ServerIdentity> mirrorIdentity(ImageCacheConfig config, Clock clock, Certificates source) {
    Optional<ImageCacheConfig.Listen> listen = config.mirror().listen();
    boolean operators = config.mirror().tls().cert().isPresent();
    if (listen.isEmpty() || operators != (source == Certificates.OPERATORS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MirrorCertificates.prepare(config.mirror(), listen.get(), config.tlsDir(), clock.instant(), hostName()));
    } catch (MirrorTlsException e) {
      throw new StartupException("mirror TLS: " + e.getMessage(), e);
    }
  }

  /** OpenSSL for the mirror needs netty-tcnative's native library for this platform: without it, one line. */
  private static void checkTlsEngine(MirrorConfig mirror) {
    if (mirror.enabled() && mirror.tls().engine() == MirrorConfig.Engine.OPENSSL && !OpenSsl.isAvailable()) {
      throw new StartupException("mirror TLS: mirror.tls.engine is openssl, but OpenSSL is not available on this platform ("
          + OpenSsl.unavailabilityCause() + "); set mirror.tls.engine: jdk", OpenSsl.unavailabilityCause());
    }
  }

  /** This host's name, for the created certificate; localhost when it has none that resolves. */
  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** Checks the database beside the image store and brings its schema up to date; its schema version. */
  private static String migrate(ImageCacheConfig config) {
    try {
      if (config.database() instanceof DatabaseConfig.Postgres pg) {
        return Migrations.migratePostgres(pg.url(), pg.user(), pg.password().orElse(null));
      }
      Path file = ((DatabaseConfig.Sqlite) config.database()).file();
      OrphanedStore.check(file, new ImageFileStore(config.imagesDir()));
      return Migrations.migrate(file);
    } catch (DatabaseException e) {
      throw new StartupException(Objects.requireNonNull(e.getMessage(), "a DatabaseException's message"), e);
    }
  }

  /** Stops accepting, drains in-flight requests, flushes pending writes, closes everything. */
  public void stop() {
    LOG.info("stopping: draining requests");
    services.beginShutdown();
    try {
      await(vertx.undeploy(deployment), "drain requests");
      await(services.flush(), "flush pending writes");
    } catch (RuntimeException e) {
      LOG.warn("stopping: {}", e.getMessage());
    } finally {
      services.close();
      await(vertx.close(), "close");
      dataDir.close();
      LOG.info("stopped");
    }
  }

  private static void checkPortFree(ImageCacheConfig.Listen listen) {
    checkAddressIsLocal(listen);
    if (listen.port() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(listen.host(), listen.port()));
    } catch (BindException e) {
      throw new StartupException("listen " + listen + ": address already in use (is another imagecache running?)", e);
    } catch (IOException e) {
      throw new StartupException("listen " + listen + ": cannot bind: " + e.getMessage(), e);
    }
  }

  /** The listen host must be this machine's (or the wildcard): else no bind can work, whatever the port. */
  private static void checkAddressIsLocal(ImageCacheConfig.Listen listen) {
    java.net.InetAddress address;
    try {
      address = java.net.InetAddress.getByName(listen.host());
    } catch (java.net.UnknownHostException e) {
      throw new StartupException("listen " + listen + ": the host " + listen.host() + " does not resolve", e);
    }
    try {
      if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && java.net.NetworkInterface.getByInetAddress(address) == null) {
        throw new StartupException("listen " + listen + ": cannot assign that address (" + address.getHostAddress()
            + " is not an address of this host)", null);
      }
    } catch (java.net.SocketException e) {
      throw new StartupException("listen " + listen + ": cannot list this host's addresses: " + e.getMessage(), e);
    }
  }

  static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(DRAIN.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BindException || (cause != null && String.valueOf(cause.getMessage()).contains("in use"))) {
        throw new StartupException("Failed to " + what + ": address already in use", cause);
      }
      throw new StartupException("Failed to " + what + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("Interrupted while waiting to " + what, e);
    } catch (TimeoutException e) {
      throw new StartupException("Timed out waiting to " + what, e);
    }
  }

  public Path dataDir() {
    return dataDir.path();
  }
}

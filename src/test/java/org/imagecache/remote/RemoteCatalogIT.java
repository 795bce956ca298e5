package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.imagecache.config.RemoteConfig;
import org.imagecache.demo.StreamGenerator;
import org.imagecache.image.ImageType;
import org.imagecache.remote.simplestreams.Catalog;
import org.imagecache.remote.simplestreams.CatalogImage;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.FakeStreamsServer;
import org.imagecache.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RemoteCatalog over a real HttpTransport, CatalogFetcher and SnapshotStore against the fake streams
 * server; time moves only when the test advances the clock (Caffeine's ticker reads the same clock).
 */
@ExtendWith(VertxExtension.class)
class RemoteCatalogIT {
  static final String PRODUCT = "testos:1:amd64:default";
  static final String V1 = "20261101_0000";
  static final String V2 = "20261102_0000";
  static final Duration TTL = Duration.ofHours(1);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  Vertx vertx;
  Path streams;
  Path catalogs;
  MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
  FakeStreamsServer server;
  RemoteConfig config;
  List<Transport> transports = new ArrayList<>();
  RemoteCatalog catalog;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    streams = dir.resolve("streams");
    catalogs = Files.createDirectories(dir.resolve("catalogs"));
    fp1 = write(List.of(V1)).get(V1);
    server = FakeStreamsServer.start(vertx, streams);
    config = config(server.baseUrl(), Duration.ofSeconds(1));
    catalog = newCatalog(config);
  }

  @AfterEach
  void stop() {
    transports.forEach(Transport::close);
    server.close();
  }

  private java.util.Map<String, String> write(List<String> versions) {
    return StreamGenerator.write(streams, new StreamGenerator.Spec("testos", List.of("1"), versions, List.of("amd64"), 4 * 1024)).get(PRODUCT);
  }

  static RemoteConfig config(String url, Duration idleTimeout) {
    return new RemoteConfig("fake", URI.create(url), "simplestreams", TTL, Optional.empty(), Duration.ofSeconds(2), idleTimeout, 1024 * 1024, false);
  }

  /** A RemoteCatalog as Remotes builds one: its own transport and fetcher, the shared catalogs dir. */
  private RemoteCatalog newCatalog(RemoteConfig cfg) {
    HttpTransport transport = new HttpTransport(vertx, cfg);
    transports.add(transport);
    return new RemoteCatalog(cfg, new CatalogFetcher(vertx, cfg, transport, new SnapshotStore(catalogs), clock, "x86_64"), clock);
  }

  /**
   * One use, started on an event-loop context; returns once that context has run its next task, so
   * Caffeine's own completion callback (which runs after ours, and reads the clock to record the
   * write time) is done before the test moves the clock.
   */
  private Catalog use(RemoteCatalog rc) {
    Context ctx = vertx.getOrCreateContext();
    Promise<Catalog> done = Promise.promise();
    ctx.runOnContext(v -> rc.catalog().onComplete(ar -> ctx.runOnContext(w -> done.handle(ar))));
    return done.future().await();
  }

  private static String aliasTarget(Catalog c) {
    return c.resolveAlias("testos/1", "x86_64", ImageType.CONTAINER).map(CatalogImage::fingerprint).map(f -> f.hex()).orElse(null);
  }

  private RemoteException failure(RemoteCatalog rc) {
    try {
      use(rc);
    } catch (RemoteException e) {
      return e;
    }
    throw new AssertionError("catalog() succeeded");
  }

  /** Past the TTL, a use answers with the old catalog at once and refreshes in the background. */
  private Catalog staleUse(Catalog expected) {
    clock.advance(TTL.plusSeconds(1));
    Catalog answered = use(catalog);
    assertThat(answered).isSameAs(expected);
    return answered;
  }

  @Test
  void theFirstUseFetchesOnceResolvesTheAliasAndStoresTheDocuments() throws Exception {
    Catalog c = use(catalog);
    assertThat(aliasTarget(c)).isEqualTo(fp1);
    assertThat(c.counts().images()).isEqualTo(1);
    assertThat(server.served("streams/v1/index.json")).isEqualTo(1);
    assertThat(server.served("streams/v1/images.json")).isEqualTo(1);
    assertThat(catalog.status().status()).isEqualTo("ok");

    Path zip = catalogs.resolve("fake.zip");
    assertThat(zip).isRegularFile();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(Collections.list(z.entries())).extracting(ZipEntry::getName)
          .contains("meta.json", "files/streams/v1/index.json", "files/streams/v1/images.json");
      assertThat(z.getInputStream(z.getEntry("files/streams/v1/index.json")).readAllBytes())
          .isEqualTo(Files.readAllBytes(streams.resolve("streams/v1/index.json")));
    }
    assertThat(use(catalog)).isSameAs(c);
    assertThat(server.served("index.json")).isEqualTo(1);
  }

  @Test
  void withTheCatalogCacheOffEveryUseFetchesAndParsesTheWholeCatalogAndStoresNothing() {
    RemoteConfig c = config;
    RemoteCatalog uncached = newCatalog(new RemoteConfig(c.name(), c.url(), c.protocol(), c.catalogTtl(), c.certificate(),
        c.connectTimeout(), c.idleTimeout(), c.maxCatalogBytes(), c.demo(), false));

    Catalog first = use(uncached);
    Catalog second = use(uncached);
    assertThat(aliasTarget(first)).isEqualTo(fp1);
    assertThat(second).isNotSameAs(first);
    assertThat(aliasTarget(uncached.freshCatalog().await())).isEqualTo(fp1);

    assertThat(server.served("streams/v1/index.json")).isEqualTo(3);
    assertThat(server.served("streams/v1/images.json")).isEqualTo(3);
    assertThat(server.log()).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(catalogs.resolve("fake.zip")).doesNotExist();
    assertThat(uncached.current()).isEmpty();
  }

  @Test
  void concurrentUsesOnAColdCacheFetchOnce() {
    List<Future<Catalog>> uses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      uses.add(catalog.catalog());
    }
    Future.all(uses).await();
    assertThat(uses).extracting(Future::result).allSatisfy(c -> assertThat(c).isSameAs(uses.get(0).result()));
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("index.json")).hasSize(1);
    assertThat(server.served("index.json")).isEqualTo(1);
  }

  @Test
  void afterTheTtlTheOldCatalogAnswersWhileOneBackgroundRefreshFetchesTheNewVersion() {
    Catalog old = use(catalog);
    server.clearLog();
    String fp2 = write(List.of(V1, V2)).get(V2);

    staleUse(old);
    Eventually.until(vertx, WAIT, "the refresh replaced the catalog",
        () -> catalog.current().map(s -> s.catalog() != old).orElse(false));

    Catalog fresh = use(catalog);
    assertThat(aliasTarget(fresh)).isEqualTo(fp2).isNotEqualTo(fp1);
    assertThat(fresh.counts().images()).isEqualTo(2);
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("index.json")).hasSize(1);
    assertThat(catalog.status().status()).isEqualTo("ok");
  }

  @Test
  void anUnchangedRemoteAnswers304AndTheSameCatalogIsKept() {
    Catalog old = use(catalog);
    var before = catalog.current().orElseThrow();
    server.clearLog();

    staleUse(old);
    Eventually.until(vertx, WAIT, "the refresh confirmed the catalog",
        () -> catalog.current().map(s -> s != before).orElse(false));

    assertThat(server.log()).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo(304));
    assertThat(catalog.current().orElseThrow().catalog()).isSameAs(old);
    assertThat(catalog.current().orElseThrow().fetchedAt()).isEqualTo(clock.instant());
    assertThat(catalog.status().status()).isEqualTo("ok");
  }

  @Test
  void aCatalogThatCannotBeStoredServesFromMemoryAndIsFetchedWholeNextTime() throws Exception {
    Files.delete(catalogs);
    Files.writeString(catalogs, "not a directory: every save fails, as on a full disk");

    Catalog fetched = use(catalog);
    assertThat(aliasTarget(fetched)).isEqualTo(fp1);
    assertThat(catalog.current().orElseThrow().validators()).as("no 304 may be matched against an older stored copy").isEmpty();

    server.clearLog();
    catalog.refreshNow().await();
    assertThat(server.log()).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(catalog.status().status()).isEqualTo("ok");
  }

  @Test
  void aFailingRemoteKeepsTheLastGoodCatalogAndRecoversAfterTheBackoff() {
    Catalog old = use(catalog);
    server.failWith(500);

    staleUse(old);
    Eventually.until(vertx, WAIT, "status is failing", () -> catalog.status().status().equals("failing"));
    RemoteStatus failing = catalog.status();
    assertThat(failing.lastError()).contains("fake").contains("500");
    assertThat(failing.images()).isEqualTo(1);
    assertThat(use(catalog)).isSameAs(old);

    server.healthy();
    clock.advance(Duration.ofMinutes(1));
    assertThat(use(catalog)).isSameAs(old);
    Eventually.until(vertx, WAIT, "status is ok again", () -> catalog.status().status().equals("ok"));
    assertThat(catalog.status().lastError()).isNull();
  }

  @Test
  void aHangingRemoteKeepsTheLastGoodCatalogAnswering() {
    Catalog old = use(catalog);
    server.hang();

    staleUse(old);
    assertThat(use(catalog)).isSameAs(old);
    Eventually.until(vertx, WAIT, "status is failing", () -> catalog.status().status().equals("failing"));
    assertThat(catalog.status().lastError()).contains("fake");
    assertThat(use(catalog)).isSameAs(old);
  }

  @Test
  void aRestartWithTheRemoteDownAnswersFromTheStoredCatalog() {
    use(catalog);
    server.failWith(500);
    server.clearLog();

    RemoteCatalog restarted = newCatalog(config);
    Catalog c = use(restarted);
    assertThat(aliasTarget(c)).isEqualTo(fp1);
    assertThat(server.log()).isEmpty();
    assertThat(restarted.status().status()).isEqualTo("stale");
    assertThat(restarted.status().images()).isEqualTo(1);
  }

  @Test
  void afterInvalidateTheNextUseWaitsForARefetch() {
    use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);

    catalog.invalidate();
    assertThat(aliasTarget(use(catalog))).isEqualTo(fp2);
  }

  @Test
  void afterInvalidateAFailedRefetchFallsBackToTheLastGoodCatalog() {
    Catalog old = use(catalog);
    server.failWith(500);
    server.clearLog();

    catalog.invalidate();
    assertThat(use(catalog)).isSameAs(old);
    assertThat(server.log()).isNotEmpty();
    assertThat(catalog.status().status()).isEqualTo("failing");
  }

  @Test
  void withNoCatalogAtAllARefusedConnectionIsUnavailable() {
    RemoteCatalog down = newCatalog(config("http://127.0.0.1:" + HttpTransportIT.closedPort() + "/", Duration.ofSeconds(1)));
    RemoteException e = failure(down);
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNAVAILABLE);
    assertThat(e.remote()).isEqualTo("fake");
    assertThat(down.status().status()).isEqualTo("failing");
    // a second use within the backoff fails the same way, without an unexpected exception type
    assertThat(failure(down).kind()).isEqualTo(RemoteException.Kind.UNAVAILABLE);
  }

  @Test
  void withNoCatalogAtAllAFailingServerIsABadAnswer() {
    server.failWith(500);
    RemoteException e = failure(catalog);
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.BAD_ANSWER);
    assertThat(e.reason()).isEqualTo("remote_error");
  }

  @Test
  void refreshNowIgnoresTheBackoff() {
    Catalog old = use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);
    server.failWith(500);
    staleUse(old);
    Eventually.until(vertx, WAIT, "status is failing", () -> catalog.status().status().equals("failing"));

    server.healthy();
    server.clearLog();
    assertThat(use(catalog)).isSameAs(old);
    assertThat(server.log()).as("no fetch within the backoff").isEmpty();

    CatalogSnapshot refreshed = catalog.refreshNow().await();
    assertThat(aliasTarget(refreshed.catalog())).isEqualTo(fp2);
    assertThat(catalog.status().status()).isEqualTo("ok");
    assertThat(aliasTarget(use(catalog))).isEqualTo(fp2);
  }
}

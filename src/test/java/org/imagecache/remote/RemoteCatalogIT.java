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
import org.imagecache.failure.RemoteException;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteImage;
import org.imagecache.metrics.ImageCacheMetrics;
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
 * server: fetching, storing, 304s, failures, backoff, invalidation; time moves only when the test
 * advances the clock. {@link CatalogFreshnessIT} has the staleness bands.
 */
class RemoteCatalogIT extends RemoteCatalogTestBase {
  @Test
  void theFirstUseFetchesOnceResolvesTheAliasAndStoresTheDocuments() throws Exception {
    ImageIndex c = use(catalog);
    assertThat(aliasTarget(c)).isEqualTo(fp1);
    assertThat(c.imageCount()).isEqualTo(1);
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
    RemoteCatalog uncached = newCatalog(config.toBuilder().catalogCache(false).build());

    ImageIndex first = use(uncached);
    ImageIndex second = use(uncached);
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
    List<Future<ImageIndex>> uses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      uses.add(catalog.catalog().map(CatalogRead::catalog));
    }
    Future.all(uses).await();
    assertThat(uses).extracting(Future::result).allSatisfy(c -> assertThat(c).isSameAs(uses.get(0).result()));
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("index.json")).hasSize(1);
    assertThat(server.served("index.json")).isEqualTo(1);
  }

  @Test
  void afterTheTtlTheOldCatalogAnswersWhileOneBackgroundRefreshFetchesTheNewVersion() {
    ImageIndex old = use(catalog);
    server.clearLog();
    String fp2 = write(List.of(V1, V2)).get(V2);

    staleUse(old);
    Eventually.until(vertx, WAIT, "the refresh replaced the catalog",
        () -> catalog.current().map(s -> s.index() != old).orElse(false));

    CatalogRead read = read(catalog);
    ImageIndex fresh = read.catalog();
    assertThat(read.stale()).isFalse();
    assertThat(aliasTarget(fresh)).isEqualTo(fp2).isNotEqualTo(fp1);
    assertThat(fresh.imageCount()).isEqualTo(2);
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("index.json")).hasSize(1);
    assertThat(catalog.status().status()).isEqualTo("ok");
  }

  @Test
  void anUnchangedRemoteAnswers304AndTheSameCatalogIsKept() {
    ImageIndex old = use(catalog);
    var before = catalog.current().orElseThrow();
    server.clearLog();

    staleUse(old);
    Eventually.until(vertx, WAIT, "the refresh confirmed the catalog",
        () -> catalog.current().map(s -> s != before).orElse(false));

    assertThat(server.log()).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo(304));
    assertThat(catalog.current().orElseThrow().index()).isSameAs(old);
    assertThat(catalog.current().orElseThrow().fetchedAt()).isEqualTo(clock.instant());
    assertThat(catalog.status().status()).isEqualTo("ok");
  }

  @Test
  void aCatalogThatCannotBeStoredServesFromMemoryAndIsFetchedWholeNextTime() throws Exception {
    Files.delete(catalogs);
    Files.writeString(catalogs, "not a directory: every save fails, as on a full disk");

    ImageIndex fetched = use(catalog);
    assertThat(aliasTarget(fetched)).isEqualTo(fp1);
    assertThat(catalog.current().orElseThrow().validators().values()).as("no 304 may be matched against an older stored copy")
        .isNotEmpty().allSatisfy(v -> assertThat(v.etag()).isNull());

    server.clearLog();
    catalog.refreshNow().await();
    assertThat(server.log()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.conditional()).isEmpty();
    });
    assertThat(catalog.current().orElseThrow().index()).as("the same bytes fetched whole keep the catalog").isSameAs(fetched);
    assertThat(catalog.status().status()).isEqualTo("ok");
  }

  @Test
  void aFailingRemoteKeepsTheLastGoodCatalogAndRecoversAfterTheBackoff() {
    ImageIndex old = use(catalog);
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
    ImageIndex old = use(catalog);
    server.hang();

    staleUse(old);
    assertThat(use(catalog)).isSameAs(old);
    Eventually.until(vertx, WAIT, "status is failing", () -> catalog.status().status().equals("failing"));
    assertThat(catalog.status().lastError()).contains("fake");
    assertThat(use(catalog)).isSameAs(old);
  }

  @Test
  void aRestartWithTheRemoteDownAnswersFromTheStoredCatalogWhileItIsYoungerThanItsTtl() {
    use(catalog);
    server.failWith(500);
    server.clearLog();
    clock.advance(Duration.ofMinutes(10));

    RemoteCatalog restarted = newCatalog(config);
    CatalogRead c = read(restarted);
    assertThat(aliasTarget(c.catalog())).isEqualTo(fp1);
    assertThat(c.ageSeconds()).as("a stored catalog keeps the age it had").isEqualTo(600);
    assertThat(c.stale()).isFalse();
    assertThat(server.log()).isEmpty();
    assertThat(restarted.status().status()).isEqualTo("ok");
    assertThat(restarted.status().images()).isEqualTo(1);
  }

  @Test
  void aStoredCatalogOlderThanBothWindowsMakesTheFirstUseWaitAndAnswersStaleWhenTheRemoteIsDown() {
    use(catalog);
    server.failWith(500);
    server.clearLog();
    clock.advance(TTL.multipliedBy(2).plusSeconds(1));

    RemoteCatalog restarted = newCatalog(config);
    CatalogRead c = read(restarted);
    assertThat(server.log()).as("the use waited for a fetch").isNotEmpty();
    assertThat(aliasTarget(c.catalog())).isEqualTo(fp1);
    assertThat(c.stale()).isTrue();
    assertThat(c.ageSeconds()).isEqualTo(TTL.multipliedBy(2).plusSeconds(1).toSeconds());
    assertThat(restarted.status().status()).isEqualTo("failing");
    assertThat(restarted.status().catalogStale()).isTrue();
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
    ImageIndex old = use(catalog);
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
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_UNAVAILABLE);
    assertThat(e.remote()).isEqualTo("fake");
    assertThat(down.status().status()).isEqualTo("failing");
    // a second use within the backoff fails the same way, without an unexpected exception type
    assertThat(failure(down).kind()).isEqualTo(RemoteException.Kind.REMOTE_UNAVAILABLE);
  }

  @Test
  void withNoCatalogAtAllAFailingServerIsABadAnswer() {
    server.failWith(500);
    RemoteException e = failure(catalog);
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
    assertThat(e.reason()).isEqualTo("remote_error");
  }

  @Test
  void refreshNowIgnoresTheBackoff() {
    ImageIndex old = use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);
    server.failWith(500);
    staleUse(old);
    Eventually.until(vertx, WAIT, "status is failing", () -> catalog.status().status().equals("failing"));

    server.healthy();
    server.clearLog();
    assertThat(use(catalog)).isSameAs(old);
    assertThat(server.log()).as("no fetch within the backoff").isEmpty();

    CatalogSnapshot refreshed = catalog.refreshNow().await();
    assertThat(aliasTarget(refreshed.index())).isEqualTo(fp2);
    assertThat(catalog.status().status()).isEqualTo("ok");
    assertThat(aliasTarget(use(catalog))).isEqualTo(fp2);
  }
}

package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.testing.Contexts;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.FakeStreamsServer;
import org.junit.jupiter.api.Test;

/**
 * The staleness bands of a remote's catalog (RFC 5861), each with a moved clock: fresh, stale while
 * revalidating, beyond both (the use waits), beyond with the remote down (stale if error); and what
 * the validators make of a remote without ETags whose files go back to older ones.
 */
class CatalogFreshnessIT extends RemoteCatalogTestBase {
  private static final Duration SWR = TTL;

  @Test
  void youngerThanTheTtlAUseIsAnsweredFromMemoryWithItsAge() {
    use(catalog);
    server.clearLog();
    write(List.of(V1, V2));
    clock.advance(TTL.minusSeconds(1));

    CatalogRead read = read(catalog);
    assertThat(aliasTarget(read.catalog())).isEqualTo(fp1);
    assertThat(read.ageSeconds()).isEqualTo(TTL.minusSeconds(1).toSeconds());
    assertThat(read.stale()).isFalse();
    assertThat(server.log()).isEmpty();
    assertThat(catalog.status().catalogStale()).isFalse();
    assertThat(catalog.status().catalogAge()).isEqualTo(TTL.minusSeconds(1).toSeconds());
  }

  @Test
  void withinStaleWhileRevalidateEveryUseAnswersAtOnceAndOneBackgroundFetchServesThemAll() {
    ImageIndex old = use(catalog);
    server.clearLog();
    String fp2 = write(List.of(V1, V2)).get(V2);
    // the products file arrives slowly, so that every use below finds the fetch still running
    server.paths("images.json").throttle(2_000);
    clock.advance(TTL.plus(SWR).minusSeconds(1));

    List<CatalogRead> reads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      reads.add(read(catalog));
    }
    assertThat(reads).allSatisfy(r -> {
      assertThat(r.catalog()).isSameAs(old);
      assertThat(r.stale()).isTrue();
    });
    Eventually.until(vertx, WAIT, "the background fetch replaced the catalog",
        () -> catalog.current().map(s -> s.index() != old).orElse(false));
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("index.json")).hasSize(1);
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("images.json")).hasSize(1);
    CatalogRead after = read(catalog);
    assertThat(aliasTarget(after.catalog())).isEqualTo(fp2);
    assertThat(after.stale()).isFalse();
    assertThat(after.ageSeconds()).isZero();
  }

  @Test
  void beyondBothWindowsTheFirstUseWaitsForTheFetchAndGetsTheNewCatalog() {
    use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);
    clock.advance(TTL.plus(SWR).plusSeconds(1));

    CatalogRead read = read(catalog);
    assertThat(aliasTarget(read.catalog())).isEqualTo(fp2);
    assertThat(read.stale()).isFalse();
    assertThat(read.ageSeconds()).isZero();
  }

  @Test
  void beyondBothWindowsWithTheRemoteDownTheUseAnswersTheStaleCatalogAndSaysSo() {
    ImageIndex old = use(catalog);
    server.failWith(503);
    server.clearLog();
    Duration age = TTL.plus(SWR).plusSeconds(1);
    clock.advance(age);

    CatalogRead read = read(catalog);
    assertThat(read.catalog()).isSameAs(old);
    assertThat(read.stale()).isTrue();
    assertThat(read.ageSeconds()).isEqualTo(age.toSeconds());
    assertThat(server.log()).as("the use asked the remote first").isNotEmpty();
    assertThat(catalog.status().status()).isEqualTo("failing");
    assertThat(catalog.status().catalogStale()).isTrue();

    // within the backoff the next use does not wait on the remote again: stale at once
    server.clearLog();
    CatalogRead again = read(catalog);
    assertThat(again.catalog()).isSameAs(old);
    assertThat(again.stale()).isTrue();
    assertThat(server.log()).isEmpty();
  }

  @Test
  void aZeroStaleWhileRevalidateWindowMakesTheFirstUsePastTheTtlWait() {
    RemoteCatalog strict = newCatalog(config.toBuilder().catalogStaleWhileRevalidate(Duration.ZERO).build());
    use(strict);
    String fp2 = write(List.of(V1, V2)).get(V2);
    clock.advance(TTL.plusSeconds(1));

    CatalogRead read = read(strict);
    assertThat(aliasTarget(read.catalog())).isEqualTo(fp2);
    assertThat(read.stale()).isFalse();
  }

  @Test
  void aRefreshUsesACatalogNoOlderThanItsTtl() {
    ImageIndex old = use(catalog);
    server.clearLog();
    clock.advance(TTL.minusSeconds(1));
    assertThat(catalog.freshCatalog().await()).isSameAs(old);
    assertThat(server.log()).isEmpty();

    String fp2 = write(List.of(V1, V2)).get(V2);
    clock.advance(Duration.ofSeconds(2));
    assertThat(aliasTarget(catalog.freshCatalog().await())).as("within stale-while-revalidate a refresh still fetches")
        .isEqualTo(fp2);
  }

  @Test
  void theFirstRefreshAfterARestartAsksTheRemoteEvenForAYoungStoredCatalog() {
    use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);
    clock.advance(Duration.ofMinutes(5));
    RemoteCatalog restarted = newCatalog(config);

    assertThat(aliasTarget(use(restarted))).as("a lookup answers from the young stored copy").isEqualTo(fp1);
    server.clearLog();
    assertThat(aliasTarget(restarted.freshCatalog().await())).isEqualTo(fp2);
    assertThat(server.log()).isNotEmpty();
    server.clearLog();
    assertThat(aliasTarget(restarted.freshCatalog().await())).isEqualTo(fp2);
    assertThat(server.log()).as("then fresh from memory").isEmpty();
  }

  @Test
  void aUseThatJoinsAFetchStartedOnAnotherContextCompletesOnItsOwn() {
    server.paths("images.json").throttle(2_000);
    Context first = Contexts.fresh(vertx);
    Context second = Contexts.fresh(vertx);
    assertThat(first).isNotSameAs(second);
    Promise<Context> firstDone = Promise.promise();
    Promise<Context> secondDone = Promise.promise();
    first.runOnContext(v -> {
      catalog.catalog().onComplete(ar -> firstDone.complete(Vertx.currentContext()));
      second.runOnContext(w -> catalog.catalog().onComplete(ar -> secondDone.complete(Vertx.currentContext())));
    });
    Future.all(firstDone.future(), secondDone.future()).await();
    assertThat(server.log()).filteredOn(a -> a.path().endsWith("images.json")).hasSize(1);
    assertThat(firstDone.future().result()).isSameAs(first);
    assertThat(secondDone.future().result()).isSameAs(second);
  }

  @Test
  void aRemoteWithoutEtagsThatGoesBackToOlderFilesIsSeenAfterTheTtl() throws Exception {
    server.withoutEtags();
    use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);
    clock.advance(TTL.plus(SWR).plusSeconds(1));
    assertThat(aliasTarget(use(catalog))).isEqualTo(fp2);

    // restored from a backup one hour older, as rsync -a keeps the upstream's older mtimes
    write(List.of(V1));
    olderMtimes(Duration.ofHours(1));
    server.clearLog();
    clock.advance(TTL.plus(SWR).plusSeconds(1));
    assertThat(aliasTarget(use(catalog))).isEqualTo(fp1);
    assertThat(server.log()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.conditional()).as("a date is never sent as a validator").isEmpty();
    });
  }

  @Test
  void twoVersionsOfAStreamWrittenWithinOneSecondAreTold() throws Exception {
    server.withoutEtags();
    Instant second = Instant.parse("2026-11-23T10:00:00.100Z");
    setMtimes(second);
    use(catalog);
    String fp2 = write(List.of(V1, V2)).get(V2);
    setMtimes(second.plusMillis(800));
    clock.advance(TTL.plus(SWR).plusSeconds(1));
    assertThat(aliasTarget(use(catalog))).isEqualTo(fp2);
  }

  @Test
  void aDocumentFetchedWholeWithTheSameBytesKeepsTheCatalogWithoutParsing() {
    server.withoutEtags();
    ImageIndex old = use(catalog);
    clock.advance(TTL.plus(SWR).plusSeconds(1));
    assertThat(use(catalog)).isSameAs(old);
    assertThat(catalog.current().orElseThrow().fetchedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aStrongEtagIsSentBackAndA304KeepsTheCatalog() {
    ImageIndex old = use(catalog);
    server.clearLog();
    clock.advance(TTL.plus(SWR).plusSeconds(1));
    assertThat(use(catalog)).isSameAs(old);
    assertThat(server.log()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(304);
      assertThat(a.conditional()).isEqualTo("If-None-Match");
    });
  }

  private void olderMtimes(Duration by) throws Exception {
    try (var files = Files.walk(streams)) {
      for (var f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Files.getLastModifiedTime(f).toInstant().minus(by)));
      }
    }
  }

  private void setMtimes(Instant at) throws Exception {
    try (var files = Files.walk(streams)) {
      for (var f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(at));
      }
    }
  }
}

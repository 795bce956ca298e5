package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.imagecache.store.ImageRepository;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Last-use times and launch leases are noted in memory by lookups and written by the flush. */
@ExtendWith(VertxExtension.class)
class WriteBehindIT {
  @TempDir Path dir;
  LookupHarness h;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private String lastUsed(String project) {
    return Sql.column(h.dbFile, "SELECT last_used_at FROM images WHERE project = '" + project + "'").get(0);
  }

  @Test
  void lookup_cachedImage_marksLastUseInMemoryUntilTheFlush() {
    Instant downloaded = h.clock.instant();
    h.lookupNow(byAlias(ALIAS));
    assertThat(lastUsed("default")).isEqualTo(String.valueOf(downloaded.toEpochMilli()));

    h.clock.advance(Duration.ofMinutes(1));
    h.lookupNow(byAlias(ALIAS));
    h.clock.advance(Duration.ofMinutes(1));
    h.lookupNow(byAlias(ALIAS));
    Instant last = h.clock.instant();
    assertThat(lastUsed("default")).as("not written by the lookup").isEqualTo(String.valueOf(downloaded.toEpochMilli()));
    assertThat(h.records.get("default", h.fp1).await().image().lastUsedAt()).as("reads show the pending use").isEqualTo(last);

    h.writeBehind.flush().await();
    assertThat(lastUsed("default")).isEqualTo(String.valueOf(last.toEpochMilli()));
    assertThat(h.records.get("default", h.fp1).await().image().lastUsedAt()).isEqualTo(last);
  }

  @Test
  void read_whileTheFlushWrites_showsTheNotedUse() throws Exception {
    h.lookupNow(byAlias(ALIAS));
    h.writeBehind.flush().await();
    h.clock.advance(Duration.ofMinutes(1));
    h.lookupNow(byAlias(ALIAS));
    Instant used = h.clock.instant();

    CountDownLatch hold = new CountDownLatch(1);
    var held = h.db.write(session -> {
      awaitQuietly(hold);
      return null;
    });
    var flush = h.usage.flush(h.db, new ImageRepository());
    try {
      assertThat(h.records.get("default", h.fp1).await().image().lastUsedAt()).as("the flush has not committed yet").isEqualTo(used);
      assertThat(h.records.list("default").await().get(0).image().lastUsedAt()).isEqualTo(used);
    } finally {
      hold.countDown();
    }
    held.await();
    assertThat(flush.await()).isEqualTo(1);
    assertThat(lastUsed("default")).isEqualTo(String.valueOf(used.toEpochMilli()));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void flush_manyUsesOfOneImage_updatesItsRowOnce() {
    h.lookupNow(byAlias("default", ALIAS));
    h.lookupNow(byAlias("other", ALIAS));
    for (int i = 0; i < 5; i++) {
      h.clock.advance(Duration.ofSeconds(1));
      h.lookupNow(byAlias("default", ALIAS));
    }
    assertThat(h.usage.flush(h.db, new ImageRepository()).await()).isEqualTo(2);
    assertThat(h.usage.flush(h.db, new ImageRepository()).await()).isZero();
  }

  @Test
  void flush_launchLeases_areUpsertedAndExpiredOnesRemoved() {
    LookupResult first = h.lookupNow(byAlias(ALIAS));
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM leases")).containsExactly("0");

    h.writeBehind.flush().await();
    assertThat(Sql.column(h.dbFile, "SELECT id || '|' || kind || '|' || expires_at FROM leases"))
        .containsExactly(first.lease().id() + "|launch|" + first.lease().expiresAt().toEpochMilli());

    h.clock.advance(Duration.ofMinutes(5));
    LookupResult second = h.lookupNow(byAlias(ALIAS));
    h.writeBehind.flush().await();
    assertThat(Sql.column(h.dbFile, "SELECT id || '|' || expires_at FROM leases"))
        .containsExactly(first.lease().id() + "|" + second.lease().expiresAt().toEpochMilli());

    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
    h.writeBehind.flush().await();
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM leases")).containsExactly("0");
    assertThat(h.leaseBook.launchLeases()).isEmpty();
  }

  @Test
  void flush_leaseOfAnImageDeletedMeanwhile_isSkippedAndTheRestWritten() {
    h.lookupNow(byAlias("default", ALIAS));
    LookupResult other = h.lookupNow(byAlias("other", ALIAS));
    Sql.execute(h.dbFile, "DELETE FROM images WHERE project = 'default'");

    h.writeBehind.flush().await();
    assertThat(Sql.column(h.dbFile, "SELECT id FROM leases")).containsExactly(other.lease().id());
    h.writeBehind.flush().await();
  }

  @Test
  void flush_isCountedAsFlushedOrFailed() {
    h.lookupNow(byAlias(ALIAS));
    h.writeBehind.flush().await();
    assertThat(count("imagecache.write_behind.flushes")).isEqualTo(1);
    assertThat(count("imagecache.write_behind.failures")).isZero();

    h.clock.advance(Duration.ofMinutes(1));
    h.lookupNow(byAlias(ALIAS));
    Sql.execute(h.dbFile, "DROP TABLE leases");
    assertThatThrownBy(() -> h.writeBehind.flush().await()).hasMessageContaining("leases");
    assertThat(count("imagecache.write_behind.flushes")).isEqualTo(1);
    assertThat(count("imagecache.write_behind.failures")).isEqualTo(1);
  }

  private double count(String counter) {
    return h.metrics.registry().counter(counter).count();
  }
}

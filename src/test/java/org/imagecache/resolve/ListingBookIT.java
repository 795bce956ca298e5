package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.imagecache.failure.ConflictException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.LocalImage;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the mirror listed: recorded in the database, and honoured by the deletions the cache decides on. */
@ExtendWith(VertxExtension.class)
class ListingBookIT {
  @TempDir Path dir;
  LookupHarness h;
  ListingBook book;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    book = new ListingBook(h.db, h.clock);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private String listedAt(String fp) {
    return String.join(",", Sql.column(h.dbFile, "SELECT listed_at FROM mirror_listings WHERE fingerprint = '" + fp + "'"));
  }

  private LocalImage heldImage() {
    h.leaseBook.releaseLaunch(h.lookupNow(byAlias(ALIAS)).lease().id());
    return h.records.find("default", h.fp1).await();
  }

  @Test
  void listing_isRecordedBeforeItCompletes_thenAtMostOncePerRefresh_withoutWaiting() {
    Instant first = h.clock.instant();
    book.listing("\"a\"", Set.of(Fingerprint.of(h.fp1))).await();
    assertThat(listedAt(h.fp1)).isEqualTo(Long.toString(first.toEpochMilli()));

    h.clock.advance(ListingBook.REFRESH.minusSeconds(1));
    book.listing("\"a\"", Set.of(Fingerprint.of(h.fp1))).await();
    h.db.flush().await();
    assertThat(listedAt(h.fp1)).as("served again inside the refresh: not written again").isEqualTo(Long.toString(first.toEpochMilli()));

    h.clock.advance(Duration.ofSeconds(2));
    Instant third = h.clock.instant();
    book.listing("\"a\"", Set.of(Fingerprint.of(h.fp1))).await();
    h.db.flush().await();
    assertThat(listedAt(h.fp1)).isEqualTo(Long.toString(third.toEpochMilli()));
  }

  @Test
  void listing_aNewDocumentIsWrittenAtOnce_andRowsOlderThanTheProtectionAreDropped() {
    book.listing("\"a\"", Set.of(Fingerprint.of(h.fp1))).await();
    h.clock.advance(ListingBook.PROTECTION.plusSeconds(1));
    Instant later = h.clock.instant();
    String other = "ab".repeat(32);
    book.listing("\"b\"", Set.of(Fingerprint.of(other))).await();

    assertThat(Sql.column(h.dbFile, "SELECT fingerprint || ' ' || listed_at FROM mirror_listings"))
        .containsExactly(other + " " + later.toEpochMilli());
  }

  @Test
  void deletion_theCacheDecides_isRefusedWhileAListingProtectsTheImage_anOperatorsIsNot() {
    LocalImage image = heldImage();
    book.listing("\"a\"", Set.of(image.fingerprint())).await();
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));

    Throwable refused = h.deleter.delete(image, "expired", Decider.CACHE).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(refused).isInstanceOf(ConflictException.class).hasMessageContaining("listed by the mirror");
    assertThat(((ConflictException) refused).reason()).isEqualTo("recently_listed");
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("1");

    h.clock.advance(ListingBook.PROTECTION);
    assertThat(h.deleter.delete(image, "expired", Decider.CACHE).await()).isEqualTo(image.size());
  }

  @Test
  void deletion_byAnOperator_isNotHeldByAListing() {
    LocalImage image = heldImage();
    book.listing("\"a\"", Set.of(image.fingerprint())).await();
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));

    assertThat(h.deleter.delete(image, "user", Decider.OPERATOR).await()).isEqualTo(image.size());
  }
}

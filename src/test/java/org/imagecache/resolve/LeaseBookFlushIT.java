package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.Images.image;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;
import org.imagecache.testing.MutableClock;
import org.imagecache.testing.Sql;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The write-behind of launch leases on a real database: a flush that fails loses nothing. */
@ExtendWith(VertxExtension.class)
class LeaseBookFlushIT {
  @TempDir Path dir;
  final MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
  final LeaseBook book = new LeaseBook(clock, () -> Duration.ofMinutes(10));
  final ImageRepository images = new ImageRepository();
  final LeaseRepository leases = new LeaseRepository();

  @Test
  void aFailedFlushKeepsTheLeasesForTheNextOne(Vertx vertx) {
    Database db = TestDatabase.open(vertx, dir);
    try {
      LocalImage stored = db.writeNow(session -> images.insert(session, image().fingerprint("aa").build()));
      Lease lease = book.takeLaunch(stored).orElseThrow();
      Sql.execute(dir.resolve(TestDatabase.FILE_NAME), "ALTER TABLE leases RENAME TO leases_away"); // the write fails, as on a full disk

      assertThatThrownBy(() -> book.flush(db, leases, images).await()).hasMessageContaining("leases");

      Sql.execute(dir.resolve(TestDatabase.FILE_NAME), "ALTER TABLE leases_away RENAME TO leases");
      assertThat(book.flush(db, leases, images).await()).isEqualTo(1);
      assertThat(db.readNow(leases::listAll)).extracting(Lease::id).containsExactly(lease.id());
    } finally {
      db.close();
    }
  }
}

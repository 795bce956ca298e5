package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ReplicaRepository;
import org.imagecache.testing.Images;
import org.imagecache.testing.MutableClock;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members on one database: member-1 deletes the image's last record (an operator's delete), and
 * member-2's copy goes once it has seen the record gone for the launch lease's time and the refresh
 * time, unless the image is being brought in again there or has a record again.
 */
@ExtendWith(VertxExtension.class)
class OrphanedCopiesIT {
  private static final Duration LAUNCH_LEASE = Duration.ofMinutes(10);

  @TempDir Path dir;
  Database db;
  final MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
  LocalImages first;
  LocalImages second;
  ImageFileStore secondsFiles;
  final AtomicBoolean arriving = new AtomicBoolean();
  OrphanedCopies copies;
  LocalImage image;

  @BeforeEach
  void twoMembersHoldTheImage(Vertx vertx) throws Exception {
    TestDatabase.assumeShared("another member's delete");
    db = TestDatabase.open(vertx, dir);
    first = new LocalImages(db, "member-1", clock);
    second = new LocalImages(db, "member-2", clock);
    secondsFiles = new ImageFileStore(Files.createDirectories(dir.resolve("member-2-images")));
    image = first.register(newImage()).await();
    second.register(newImage()).await();
    Files.writeString(secondsFiles.metaPath(image.fingerprint()), "metadata");
    Files.writeString(secondsFiles.secondPath(image.fingerprint(), FileLayout.CONTAINER), "rootfs");
    copies = new OrphanedCopies(vertx, secondsFiles, new FingerprintLocks(), second, fp -> arriving.get(), clock, () -> LAUNCH_LEASE);
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private static NewImage newImage() {
    return new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of());
  }

  private void deleteOnTheFirstMember() {
    assertThat(first.deleteRecord(image, "user", clock.instant(), Decider.OPERATOR).await()).isEqualTo(LocalImages.Deletion.RECORD_AND_FILES);
  }

  private boolean secondHoldsFiles() {
    return secondsFiles.anyPresent(image.fingerprint());
  }

  private Set<Fingerprint> heldBySecond() {
    return db.readNow(session -> new ReplicaRepository().heldBy(session, "member-2"));
  }

  @Test
  void theCopyStaysForTheLaunchLeaseAndTheRefreshTime_thenGoes_withItsReplicaRowAndAnEvent() {
    assertThat(second.find("default", image.fingerprint()).await()).as("held in member-2's memory").isPresent();
    deleteOnTheFirstMember();

    assertThat(copies.pass().await()).isZero();
    assertThat(secondHoldsFiles()).isTrue();
    assertThat(second.find("default", image.fingerprint()).await()).as("forgotten at once: no new lease from memory").isEmpty();

    clock.advance(LAUNCH_LEASE.plus(LocalImages.SHARED_REFRESH).minusMillis(1));
    assertThat(copies.pass().await()).isZero();
    assertThat(secondHoldsFiles()).isTrue();

    clock.advance(Duration.ofMillis(1));
    assertThat(copies.pass().await()).isEqualTo("metadata".length() + "rootfs".length());
    assertThat(secondHoldsFiles()).isFalse();
    assertThat(heldBySecond()).isEmpty();
    assertThat(copies.noted()).isEmpty();
    List<String> details = db.readNow(session -> new org.imagecache.store.EventRepository()
        .page(session, new org.imagecache.image.CacheEvent.Query("image-deleted", image.fingerprint().hex(), Long.MAX_VALUE, 10))).stream()
        .map(org.imagecache.image.CacheEvent::detail).toList();
    assertThat(details).contains("member member-2's copy; the record was deleted on another member");
  }

  @Test
  void aCopyBeingBroughtInAgain_staysWhileItIs() {
    deleteOnTheFirstMember();
    copies.pass().await();
    clock.advance(LAUNCH_LEASE.plus(LocalImages.SHARED_REFRESH));
    arriving.set(true);

    assertThat(copies.pass().await()).isZero();
    assertThat(secondHoldsFiles()).isTrue();

    arriving.set(false);
    assertThat(copies.pass().await()).isPositive();
    assertThat(secondHoldsFiles()).isFalse();
  }

  @Test
  void aCopyWhoseImageIsRecordedAgain_stays_andIsNoLongerNoted() {
    deleteOnTheFirstMember();
    copies.pass().await();
    assertThat(copies.noted()).containsExactly(image.fingerprint());
    second.register(newImage()).await();
    clock.advance(LAUNCH_LEASE.plus(LocalImages.SHARED_REFRESH));

    assertThat(copies.pass().await()).isZero();
    assertThat(secondHoldsFiles()).isTrue();
    assertThat(copies.noted()).isEmpty();
    assertThat(heldBySecond()).containsExactly(image.fingerprint());
  }
}

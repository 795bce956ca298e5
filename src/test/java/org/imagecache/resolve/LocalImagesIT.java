package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageSource;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.testing.Contexts;
import org.imagecache.testing.Images;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The hot-path caches of {@link LocalImages} against a real SQLite file. */
@ExtendWith(VertxExtension.class)
class LocalImagesIT {
  @TempDir Path dir;
  Database db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aLookupThatJoinsALoadStartedOnAnotherContextContinuesOnItsOwn(Vertx vertx) throws Exception {
    db = TestDatabase.open(vertx, dir);
    LocalImages local = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    Fingerprint fp = Fingerprint.of("a".repeat(64));

    // every reader busy, so that the load the first context starts is still running when the second joins it
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(4);
    List<Future<Object>> blockers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blockers.add(db.read(session -> {
        busy.countDown();
        await(release);
        return null;
      }));
    }
    busy.await();

    Context first = Contexts.fresh(vertx);
    Context second = Contexts.fresh(vertx);
    assertThat(first).isNotSameAs(second);
    Promise<Context> firstDone = Promise.promise();
    Promise<Context> secondDone = Promise.promise();
    CountDownLatch bothAsked = new CountDownLatch(2);
    first.runOnContext(v -> {
      local.find("default", fp).onComplete(ar -> firstDone.complete(Vertx.currentContext()));
      bothAsked.countDown();
      second.runOnContext(w -> {
        local.find("default", fp).onComplete(ar -> secondDone.complete(Vertx.currentContext()));
        bothAsked.countDown();
      });
    });
    bothAsked.await();
    release.countDown();

    Future.all(firstDone.future(), secondDone.future()).await();
    Future.all(blockers).await();
    assertThat(firstDone.future().result()).isSameAs(first);
    assertThat(secondDone.future().result()).isSameAs(second);
  }

  @Test
  void deletingAHundredImages_leavesAnUnrelatedCachedAnswerInMemory(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    LocalImages local = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    ImageSource keptSource = new ImageSource("https://images.example", "simplestreams", "", "testos/kept");
    LocalImage kept = local.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.of(keptSource), Map.of(), List.of())).await();
    List<LocalImage> doomed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ImageSource other = new ImageSource("https://images.example", "simplestreams", "", "testos/other-" + i);
      doomed.add(local.register(new NewImage(Images.cachedImage().fingerprint(String.format("%04x", i)).build(), Optional.of(other), Map.of(), List.of())).await());
    }
    LocalImages.PreferKey key = new LocalImages.PreferKey("default", keptSource.server(), keptSource.protocol(), keptSource.alias(),
        kept.architecture(), kept.type());
    assertThat(local.findPreferred(key).await()).map(LocalImage::id).contains(kept.id());
    assertThat(local.find("default", kept.fingerprint()).await()).map(LocalImage::id).contains(kept.id());
    doomed.forEach(d -> assertThat(local.find("default", d.fingerprint()).await()).isPresent());

    for (LocalImage d : doomed) {
      local.deleteRecord(d, "expired", Images.UPLOADED, Decider.CACHE).await();
    }
    long before = db.reads();
    assertThat(local.findPreferred(key).await()).map(LocalImage::id).contains(kept.id());
    assertThat(local.find("default", kept.fingerprint()).await()).map(LocalImage::id).contains(kept.id());
    assertThat(db.reads()).as("answered from memory").isEqualTo(before);

    assertThat(local.find("default", doomed.get(0).fingerprint()).await()).as("a deleted one is read again: gone").isEmpty();
    assertThat(db.reads()).isEqualTo(before + 1);
  }

  @Test
  void aChangeOfAnImagesFlags_forgetsThePreferCachedAnswersOfItsSource(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    LocalImages local = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    ImageSource source = new ImageSource("https://images.example", "simplestreams", "", "testos/1");
    LocalImage image = local.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.of(source), Map.of(), List.of())).await();
    LocalImages.PreferKey key = new LocalImages.PreferKey("default", source.server(), source.protocol(), source.alias(),
        image.architecture(), image.type());
    assertThat(local.findPreferred(key).await()).map(LocalImage::id).contains(image.id());

    local.markExplicit(image, false, List.of()).await();
    assertThat(local.findPreferred(key).await()).as("no longer cached with auto-update: not preferred").isEmpty();

    LocalImage newer = local.register(new NewImage(Images.cachedImage().fingerprint("ff").createdAt(Images.UPLOADED).build(),
        Optional.of(source), Map.of(), List.of())).await();
    assertThat(local.findPreferred(key).await()).as("a new record of the source is seen at once").map(LocalImage::id).contains(newer.id());
  }

  @Test
  void aRegisteredImage_isHeldByThisMember_untilItsLastRecordGoes(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    LocalImages local = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    LocalImage mine = local.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of())).await();
    LocalImage theirs = local.register(new NewImage(Images.cachedImage().project("other").fingerprint("ee").build(), Optional.empty(), Map.of(),
        List.of())).await();
    org.imagecache.store.ReplicaRepository replicas = new org.imagecache.store.ReplicaRepository();
    assertThat(heldBy(replicas, "member-1")).containsExactly(mine.fingerprint());

    assertThat(local.deleteRecord(mine, "expired", Images.UPLOADED, Decider.CACHE).await()).isEqualTo(LocalImages.Deletion.RECORD);
    assertThat(heldBy(replicas, "member-1")).as("another project's record still names the files")
        .containsExactly(mine.fingerprint());
    assertThat(local.deleteRecord(theirs, "expired", Images.UPLOADED, Decider.CACHE).await()).isEqualTo(LocalImages.Deletion.RECORD_AND_FILES);
    assertThat(heldBy(replicas, "member-1")).as("the files went with the last record").isEmpty();
  }

  /**
   * The cache's own deletion on one member, while another member holds the files: only this member's
   * copy goes, and the record stays for the other; an operator's deletion takes the record.
   */
  @Test
  void aPruneOnOneMember_deletesOnlyItsOwnCopy_whileAnotherMemberHoldsTheFiles(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    LocalImages first = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    LocalImages second = new LocalImages(db, "member-2", java.time.Clock.systemUTC());
    org.imagecache.store.ReplicaRepository replicas = new org.imagecache.store.ReplicaRepository();
    LocalImage image = first.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of())).await();
    second.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of())).await();

    assertThat(second.deleteRecord(image, "expired", Images.UPLOADED, Decider.CACHE).await()).isEqualTo(LocalImages.Deletion.THIS_MEMBERS_COPY);

    assertThat(heldBy(replicas, "member-2")).isEmpty();
    assertThat(heldBy(replicas, "member-1")).containsExactly(image.fingerprint());
    Optional<LocalImage> kept = db.readNow(session -> new org.imagecache.store.ImageRepository().findById(session, image.id()));
    assertThat(kept).as("the record stays for member-1").isPresent();
    assertThat(org.imagecache.testing.Sql.column(dir.resolve(TestDatabase.FILE_NAME), "SELECT detail FROM cache_events WHERE kind = 'image-deleted'"))
        .containsExactly("member member-2's copy; the record stays for member-1");

    assertThat(first.deleteRecord(image, "expired", Images.UPLOADED, Decider.CACHE).await()).as("member-1 holds the last copy")
        .isEqualTo(LocalImages.Deletion.RECORD_AND_FILES);
    Optional<LocalImage> gone = db.readNow(session -> new org.imagecache.store.ImageRepository().findById(session, image.id()));
    assertThat(gone).isEmpty();
  }

  /**
   * On a shared database another member's change forgets nothing here: an answer older than
   * SHARED_REFRESH is read again at its next use, the old one given while inside that time.
   */
  @Test
  void onASharedDatabase_anotherMembersDeletionIsSeen_onceAnEntryOlderThanTheRefreshTimeIsUsed(Vertx vertx) {
    TestDatabase.assumeShared("another member's writes");
    db = TestDatabase.open(vertx, dir);
    org.imagecache.testing.MutableClock clock = org.imagecache.testing.MutableClock.at("2026-12-01T00:00:00Z");
    LocalImages first = new LocalImages(db, "member-1", clock);
    LocalImages second = new LocalImages(db, "member-2", clock);
    LocalImage image = first.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of())).await();
    assertThat(second.find("default", image.fingerprint()).await()).as("read, and now held in member-2's memory").isPresent();

    first.deleteRecord(image, "user", Images.UPLOADED, Decider.OPERATOR).await();

    assertThat(second.find("default", image.fingerprint()).await()).as("inside the refresh time: the answer from memory").isPresent();
    clock.advance(LocalImages.SHARED_REFRESH.plusMillis(1));
    // The use that starts the refresh does not wait for its read. What it gets is not asserted: Caffeine
    // answers the old entry, or the new one if the read finished before it looked (a CI run saw that).
    java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
    org.imagecache.testing.Eventually.until(vertx, java.time.Duration.ofSeconds(10), "member-2 sees the deletion once the refresh read it", () -> {
      second.find("default", image.fingerprint()).onSuccess(found -> gone.set(found.isEmpty()));
      return gone.get();
    });
  }

  /** Two members on one database: the second to register the image finds the first's record, and still says it holds the files. */
  @Test
  void aMemberThatRegistersAnImageAnotherMemberRecorded_isAHolderToo(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    LocalImages first = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    LocalImages second = new LocalImages(db, "member-2", java.time.Clock.systemUTC());
    org.imagecache.store.ReplicaRepository replicas = new org.imagecache.store.ReplicaRepository();
    LocalImage recorded = first.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of())).await();

    LocalImage found = second.register(new NewImage(Images.cachedImage().fingerprint("ee").build(), Optional.empty(), Map.of(), List.of())).await();

    assertThat(found.id()).isEqualTo(recorded.id());
    assertThat(heldBy(replicas, "member-2")).containsExactly(recorded.fingerprint());
    assertThat(heldBy(replicas, "member-1")).containsExactly(recorded.fingerprint());
  }

  @Test
  void swapRevision_carriesTheLastUseAsCommitted_notAsReadBeforeTheDownload(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    LocalImages local = new LocalImages(db, "member-1", java.time.Clock.systemUTC());
    ImageSource source = new ImageSource("https://images.example", "simplestreams", "", "testos/1");
    java.time.Instant before = Images.UPLOADED.plusSeconds(60);
    java.time.Instant written = before.plusMillis(81);
    LocalImage old = local.register(new NewImage(Images.cachedImage().fingerprint("ee").lastUsedAt(before).build(), Optional.of(source), Map.of(),
        List.of())).await();
    // a refresh read the record (last use `before`); then the write-behind wrote a later use
    db.writeNow(session -> new org.imagecache.store.ImageRepository().markUsed(session, old.id(), written));

    LocalImage next = local.swapRevision(old, new NewImage(Images.cachedImage().fingerprint("ff").lastUsedAt(before).build(), Optional.empty(),
        Map.of(), List.of()), "key", written).await();

    assertThat(next.lastUsedAt()).isEqualTo(written);
  }

  private java.util.Set<org.imagecache.image.Fingerprint> heldBy(org.imagecache.store.ReplicaRepository replicas, String member) {
    return db.readNow(session -> replicas.heldBy(session, member));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

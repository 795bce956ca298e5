package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.image.Fingerprint;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Deleting image records: files shared across projects, leases, the audit log, and a lookup racing a delete. */
@ExtendWith(VertxExtension.class)
class ImageDeleterIT {
  @TempDir Path dir;
  LookupHarness h;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.start(vertx, dir);
    fp1 = h.fp1;
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void pastLaunchLeases() {
    h.clock.advance(LookupHarness.LAUNCH_LEASE.plusSeconds(1));
  }

  private Throwable deleteFailure(String project) {
    return h.records.delete(project, fp1).transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  @Test
  void delete_anotherProjectHasTheFingerprint_keepsTheFilesUntilTheLastRecordGoes() {
    LookupResult r = h.lookupNow(byAlias("default", ALIAS));
    h.lookupNow(byAlias("other", ALIAS));
    pastLaunchLeases();

    assertThat(h.records.delete("default", fp1).await()).isZero();
    assertThat(Path.of(r.files().meta())).exists();
    assertThat(Path.of(r.files().root())).exists();

    assertThat(h.records.delete("other", fp1).await()).isEqualTo(r.size());
    assertThat(Path.of(r.files().meta())).doesNotExist();
    assertThat(Path.of(r.files().root())).doesNotExist();
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("0");
  }

  @Test
  void delete_whoseFilesCannotBeRemovedStillSucceedsAndLeavesThemToTheSweep() throws Exception {
    LookupResult r = h.lookupNow(byAlias("default", ALIAS));
    pastLaunchLeases();
    // a rootfs that cannot be removed: a non-empty directory where the file was
    java.nio.file.Files.delete(Path.of(r.files().root()));
    java.nio.file.Files.createDirectories(Path.of(r.files().root()).resolve("stuck"));

    assertThat(h.records.delete("default", fp1).await()).isZero();
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("0");
    assertThat(Path.of(r.files().root()).resolve("stuck")).isDirectory();
  }

  @Test
  void delete_activeLaunchLease_isRefusedUntilItExpires() {
    h.lookupNow(byAlias(ALIAS));
    Throwable e = deleteFailure("default");
    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(((ImageCacheException) e).reason()).isEqualTo("image_in_use");
    assertThat(h.lookupNow(byAlias(ALIAS)).present()).as("a refused delete lets lookups lease again").isTrue();

    pastLaunchLeases();
    assertThat(h.records.delete("default", fp1).await()).isPositive();
  }

  @Test
  void delete_instanceLeaseRow_isRefused() {
    h.lookupNow(byAlias(ALIAS));
    h.leases.create("default", fp1.substring(0, 12), "c1").await();
    pastLaunchLeases();
    Throwable e = deleteFailure("default");
    assertThat(e).isInstanceOf(ConflictException.class);
    assertThat(((ImageCacheException) e).reason()).isEqualTo("image_in_use");
    assertThat(h.imageDirEntries()).hasSize(2);
    assertThat(h.lookupNow(byAlias(ALIAS)).fingerprint()).isEqualTo(fp1);
  }

  @Test
  void delete_lastRecord_writesAnAuditEventWithReasonAndBytes() {
    LookupResult r = h.lookupNow(byAlias(ALIAS));
    pastLaunchLeases();
    h.records.delete("default", fp1).await();
    assertThat(Sql.column(h.dbFile, "SELECT kind || '|' || fingerprint || '|' || project || '|' || reason || '|' || bytes FROM cache_events WHERE kind = 'image-deleted'"))
        .containsExactly("image-deleted|" + fp1 + "|default|user|" + r.size());
  }

  @Test
  void lookup_racingADelete_alwaysAnswersWithFilesPresent() {
    List<String> violations = new CopyOnWriteArrayList<>();
    int deleted = 0;
    for (int i = 0; i < 50; i++) {
      h.lookupNow(byAlias(ALIAS));
      pastLaunchLeases();
      // without the in-memory answer the lookup reads the database, so its steps interleave with the delete's
      h.local.forget("default", Fingerprint.of(fp1));
      Future<Long> delete = i % 2 == 0 ? h.records.delete("default", fp1) : null;
      Future<LaunchLookup.Answer> lookup = h.lookup.lookup(byAlias(ALIAS)).onSuccess(a -> {
        LookupResult r = ((LaunchLookup.Done) a).result();
        if (!Files.isRegularFile(Path.of(r.files().meta())) || !Files.isRegularFile(Path.of(r.files().root()))) {
          violations.add("lookup answered " + r.fingerprint() + " without its files");
        }
      });
      if (delete == null) {
        delete = h.records.delete("default", fp1);
      }
      Future.join(lookup, delete).transform(ar -> Future.succeededFuture()).await();
      assertThat(lookup.succeeded()).as("lookup %d: %s", i, lookup.cause()).isTrue();
      if (delete.succeeded()) {
        deleted++;
      } else {
        assertThat(((ImageCacheException) delete.cause()).reason()).isEqualTo("image_in_use");
      }
      LookupResult r = ((LaunchLookup.Done) lookup.result()).result();
      assertThat(Path.of(r.files().meta())).as("iteration %d", i).exists();
      pastLaunchLeases();
    }
    assertThat(violations).isEmpty();
    assertThat(deleted).as("some deletes won the race").isPositive();
  }
}

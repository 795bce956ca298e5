package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged cached files, over the real graph: seen by a lookup (a stat), by a verification and a manual
 * refresh (a re-hash); removed with an {@code image-damaged} event and fetched again; and files in place
 * are never taken for an image without being hashed.
 */
@ExtendWith(VertxExtension.class)
class ImageDamageIT {
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

  private Path rootfs() {
    return h.files.secondPath(Fingerprint.of(fp1), FileLayout.CONTAINER);
  }

  /** The image-damaged events: fingerprint, reason and detail. */
  private List<String> damagedEvents() {
    return Sql.column(h.dbFile, "SELECT fingerprint || ' ' || reason || ' ' || detail FROM cache_events WHERE kind = 'image-damaged' ORDER BY id");
  }

  private static void flipMiddleByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
  }

  /** The next lookup must look again, not trust the second-long "looked whole" memory. */
  private void afterTheLookMemory() {
    h.clock.advance(ImageDamage.LOOK_AGAIN.plusMillis(1));
  }

  @Test
  void aTruncatedFileIsSeenByTheNextLookupRemovedAndFetchedAgain() throws Exception {
    h.lookupNow(byAlias(ALIAS));
    try (var ch = Files.newByteChannel(rootfs(), StandardOpenOption.WRITE)) {
      ch.truncate(10);
    }
    afterTheLookMemory();
    h.server.clearLog();

    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.fingerprint()).isEqualTo(fp1);
    assertThat(r.downloaded()).isTrue();
    assertThat(h.server.served("root.tar.xz")).isEqualTo(1);
    assertThat(h.files.contentProblem(Fingerprint.of(fp1), FileLayout.CONTAINER, Files.size(rootfs()) + Files.size(h.files.metaPath(Fingerprint.of(fp1)))))
        .isEmpty();
    assertThat(damagedEvents()).singleElement().satisfies(e -> assertThat(e).startsWith(fp1 + " damaged ").contains("not the")
        .contains(" recorded"));
    assertThat(Sql.column(h.dbFile, "SELECT count(*) FROM images")).containsExactly("1");
  }

  @Test
  void aFileReplacedByASymlinkIsSeenByTheNextLookup() throws Exception {
    h.lookupNow(byAlias(ALIAS));
    Path elsewhere = Files.copy(rootfs(), dir.resolve("elsewhere"));
    Files.delete(rootfs());
    Files.createSymbolicLink(rootfs(), elsewhere);
    afterTheLookMemory();

    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.downloaded()).isTrue();
    assertThat(Files.isSymbolicLink(rootfs())).isFalse();
    assertThat(Files.isRegularFile(rootfs())).isTrue();
    assertThat(elsewhere).exists();
  }

  @Test
  void aFlippedByteIsFoundByVerifyWhichRemovesTheFilesAndTheNextLookupFetchesThemAgain() throws Exception {
    h.lookupNow(byAlias(ALIAS));
    flipMiddleByte(rootfs());
    assertThat(h.lookupNow(byAlias(ALIAS)).downloaded()).as("a stat does not read content").isFalse();

    List<ImageDamage.Verdict> verdicts = h.damage.verifyAll().await();
    assertThat(verdicts).hasSize(1);
    assertThat(verdicts.get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("SHA-256"));
    assertThat(rootfs()).doesNotExist();

    h.server.clearLog();
    LookupResult again = h.lookupNow(byAlias(ALIAS));
    assertThat(again.downloaded()).isTrue();
    assertThat(h.server.served("root.tar.xz")).isEqualTo(1);
    assertThat(h.damage.verifyAll().await()).allSatisfy(v -> assertThat(v.problem()).isEmpty());
  }

  @Test
  void aManualRefreshReHashesAndFetchesDamagedFilesAgain() throws Exception {
    h.lookupNow(byAlias(ALIAS));
    flipMiddleByte(rootfs());
    h.server.clearLog();

    var outcome = h.refresher.refresh(h.records.find("default", fp1).await(), true).await();

    assertThat(outcome.refreshed()).isFalse();
    assertThat(h.server.served("root.tar.xz")).isEqualTo(1);
    assertThat(h.damage.verifyAll().await()).allSatisfy(v -> assertThat(v.problem()).isEmpty());
  }

  @Test
  void aLocalLookupOfAnImageWhoseFilesAreDamagedFailsSayingSo() throws Exception {
    h.lookupNow(byAlias(ALIAS));
    h.aliases.create("default", "web", "", fp1).await();
    Files.delete(rootfs());
    afterTheLookMemory();

    assertThatThrownBy(() -> h.lookupNow(LookupHarness.localAlias("default", "web")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("damaged").hasMessageContaining("pull it again");
    assertThat(damagedEvents()).hasSize(1);
    assertThat(h.lookupNow(byAlias(ALIAS)).downloaded()).as("through the remote it comes back").isTrue();
    assertThat(h.lookupNow(LookupHarness.localAlias("default", "web")).fingerprint()).isEqualTo(fp1);
  }

  @Test
  void symlinksPlantedUnderAnImagesNamesAreNeverTakenForIt() throws Exception {
    Path target = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Files.createSymbolicLink(h.files.metaPath(Fingerprint.of(fp1)), target);
    Files.createSymbolicLink(rootfs(), target);

    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.downloaded()).isTrue();
    assertThat(h.server.served("root.tar.xz")).isEqualTo(1);
    assertThat(Files.isSymbolicLink(rootfs())).isFalse();
    assertThat(Files.readString(target)).startsWith("root:x:0:0");
    assertThat(h.damage.verifyAll().await()).allSatisfy(v -> assertThat(v.problem()).isEmpty());
  }
}

package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.imagecache.failure.CancelledException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.files.LanePool;
import org.imagecache.image.Fingerprint;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.FakeStreamsServer;
import org.imagecache.testing.LookupHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download that fails part-way, behind a slow disk (every task of the download's lane waits first).
 * The body is read, hashed and written on that lane, one buffer after the other, so nothing of it is
 * queued; the failure must come back only once the reception has stopped and the temp files are
 * gone: at the moment the lookup's error is returned, no {@code .partial} is on disk, and no task of
 * that download starts after it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class DownloadFailureIT {
  /** 8 MiB of rootfs: eight of the temp file's 1 MiB buffers. */
  private static final long PAYLOAD = 8L * 1024 * 1024;
  /** What each write and each digest step of the slow disk takes. */
  private static final Duration SLOW = Duration.ofMillis(15);

  @TempDir Path dir;
  Vertx vertx;
  LookupHarness h;
  SlowDisk disk;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    disk = new SlowDisk(SLOW);
    h = LookupHarness.start(vertx, dir, Duration.ofSeconds(5), PAYLOAD, LanePool.over(disk));
  }

  @AfterEach
  void stop() throws InterruptedException {
    h.close();
    disk.close();
  }

  /**
   * The executor under the download lanes: every task waits {@link #SLOW} first (a slow disk), and
   * while the test holds the disk, tasks wait for its release (a stuck disk). Once the test saw the
   * lookup fail, any task that starts is counted.
   */
  static final class SlowDisk implements Executor, AutoCloseable {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Duration perTask;
    private volatile CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
    final AtomicBoolean failureSeen = new AtomicBoolean();
    final AtomicInteger startedAfterFailure = new AtomicInteger();

    SlowDisk(Duration perTask) {
      this.perTask = perTask;
    }

    /** Tasks wait until {@link #release()}. */
    void hold() {
      released = new CompletableFuture<>();
    }

    void release() {
      released.complete(null);
    }

    @Override
    public void execute(Runnable task) {
      CompletableFuture<Void> gate = released;
      pool.execute(() -> {
        try {
          gate.get(30, TimeUnit.SECONDS);
          Thread.sleep(perTask.toMillis()); // the disk's latency, not a wait for anything
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("the test never released the disk", e);
        }
        if (failureSeen.get()) {
          startedAfterFailure.incrementAndGet();
        }
        task.run();
      });
    }

    @Override
    public void close() throws InterruptedException {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** What the lookup's failure found on disk at the moment it was returned. */
  private record Outcome(Throwable failure, List<String> entriesWhenReturned) {}

  private Outcome failedLookup() {
    return outcome(h.lookup.lookup(byAlias(ALIAS)));
  }

  private long rootfsSize() throws IOException {
    return Files.size(streamFile("root.tar.xz"));
  }

  /** The published file of this name (the stream has one version of one image). */
  private Path streamFile(String name) throws IOException {
    try (var files = Files.walk(h.streams)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
    }
  }

  /** The lookup's failure, with what the store held at the moment it was returned. */
  private Outcome outcome(Future<?> lookup) {
    return lookup.transform(ar -> {
      disk.failureSeen.set(true);
      return Future.succeededFuture(new Outcome(ar.cause(), h.imageDirEntries()));
    }).await();
  }

  private Outcome assertQuietFailureThenRecovery(Consumer<FakeStreamsServer.Faults> fault, String reason) {
    fault.accept(h.server.paths("root.tar.xz"));
    Outcome o = failedLookup();

    assertThat(o.failure()).as("the lookup failed").isInstanceOf(ImageCacheException.class);
    assertThat(((ImageCacheException) o.failure()).reason()).as(String.valueOf(o.failure())).isEqualTo(reason);
    assertThat(o.entriesWhenReturned()).as("the store when the error was returned: no .partial, no file").isEmpty();
    assertThat(disk.startedAfterFailure.get()).as("tasks of the failed download that started after its error").isZero();

    h.server.healthy();
    disk.failureSeen.set(false);
    LookupResult ok = h.lookupNow(byAlias(ALIAS));
    assertThat(ok.downloaded()).isTrue();
    assertThat(h.imageDirEntries()).containsExactlyInAnyOrder(ok.fingerprint(), ok.fingerprint() + ".rootfs");
    return o;
  }

  @Test
  void aResetBeforeTheFirstByte_leavesNothing() {
    assertQuietFailureThenRecovery(f -> f.resetAfter(0), "remote_unavailable");
  }

  @Test
  void aResetMidTheFirstBuffer_leavesNothing() {
    assertQuietFailureThenRecovery(f -> f.resetAfter(100 * 1024), "remote_unavailable");
  }

  @Test
  void aResetAfterSeveralBuffers_leavesNothing() {
    long cut = 5L * 1024 * 1024 + 123;
    Outcome o = assertQuietFailureThenRecovery(f -> f.resetAfter(cut), "remote_unavailable");
    assertThat(o.failure()).as("five buffers were written before the break").hasMessageContaining("after " + cut + " of ");
  }

  /**
   * The disk sticks as the rootfs is asked for, five buffers' worth arrives and the connection breaks;
   * the disk is released once the bytes are in. The error may come only after the temp files were
   * removed, on the lane that wrote them.
   */
  @Test
  void aResetWhileTheDiskIsHeld_reportsOnlyOnceTheTempFilesAreGone() {
    long cut = 5L * 512 * 1024 - 1000;
    h.server.paths("root.tar.xz").resetAfter(cut);
    h.server.onRequest("root.tar.xz", disk::hold);
    var pending = h.lookup.lookup(byAlias(ALIAS));
    Eventually.until(vertx, Duration.ofSeconds(15), "the bytes before the reset arrived", () -> {
      var flight = h.downloads.current(Fingerprint.of(h.fp1));
      return flight != null && flight.operation().progressBytes() >= cut + metaSize();
    });
    disk.release();

    Outcome o = outcome(pending);

    assertThat(((ImageCacheException) o.failure()).reason()).as(String.valueOf(o.failure())).isEqualTo("remote_unavailable");
    assertThat(o.entriesWhenReturned()).as("the store when the error was returned").isEmpty();
    assertThat(disk.startedAfterFailure.get()).as("tasks of the failed download that started after its error").isZero();
  }

  @Test
  void aResetOnTheLastByte_leavesNothing() throws IOException {
    long size = rootfsSize();
    assertQuietFailureThenRecovery(f -> f.resetAfter(size - 1), "remote_unavailable");
  }

  @Test
  void aBodyThatEndsShort_leavesNothing() throws IOException {
    long size = rootfsSize();
    assertQuietFailureThenRecovery(f -> f.truncateAfter(size - 1), "size_mismatch");
  }

  @Test
  void aCancelMidTransfer_leavesNothingWhenTheCancelIsAnswered() {
    h.server.paths("root.tar.xz").throttle(2L * 1024 * 1024);
    var pending = h.lookup.lookup(byAlias(ALIAS));
    Eventually.until(vertx, Duration.ofSeconds(15), "the rootfs download is a few batches in", () -> {
      var flight = h.downloads.current(Fingerprint.of(h.fp1));
      return flight != null && flight.operation().progressBytes() > 2L * 1024 * 1024;
    });
    h.downloads.current(Fingerprint.of(h.fp1)).operation().cancellation().cancel();

    Outcome o = outcome(pending);

    assertThat(o.failure()).isInstanceOf(CancelledException.class);
    assertThat(o.entriesWhenReturned()).isEmpty();
    assertThat(disk.startedAfterFailure.get()).isZero();
  }

  /**
   * The fingerprint over the files in order, with each file's exact size, pins every byte of each: a
   * catalog whose per-file SHA-256 of the rootfs is wrong while the fingerprint is right still gives
   * the publisher's bytes, so the image is taken (as the README's design decisions argue).
   */
  @Test
  void aWrongPerFileHashWithTheRightFingerprint_isTakenAsTheFingerprintPinsTheBytes() throws IOException {
    Path products = h.streams.resolve("streams/v1/images.json");
    String json = Files.readString(products, StandardCharsets.UTF_8);
    String rootSha = LaunchLookupIT.sha256(rootfsPath().toString());
    assertThat(json).contains(rootSha);
    Files.writeString(products, json.replace(rootSha, "0".repeat(64)), StandardCharsets.UTF_8);
    h.refreshCatalog();

    LookupResult ok = h.lookupNow(byAlias(ALIAS));

    assertThat(ok.fingerprint()).isEqualTo(h.fp1);
    assertThat(LaunchLookupIT.sha256(ok.files().meta(), ok.files().root())).isEqualTo(h.fp1);
    assertThat(Files.readAllBytes(Path.of(ok.files().root()))).isEqualTo(Files.readAllBytes(rootfsPath()));
  }

  private long metaSize() {
    try {
      return Files.size(streamFile("lxd.tar.xz"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path rootfsPath() throws IOException {
    return streamFile("root.tar.xz");
  }
}

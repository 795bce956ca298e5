package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagecache.suites.harness.DataDirState;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 2: launches spread over a window while auto-update keeps moving the alias to new
 * fingerprints and a prune runs every second with {@code images.remote_cache_expiry} at its minimum
 * (1 day; every image starts the window two days unused, so the first prune finds the current image
 * expired). Zero lookups may fail, and every answered fingerprint's files must exist, whole, when the
 * answer arrives and still exist just before its launch lease ends.
 *
 * <p>Counts: {@code -Dimagecache.race.lookups=N} (500) over {@code -Dimagecache.race.seconds=S} (20).
 */
class RaceSuite {
  private static final int LOOKUPS = Integer.getInteger("imagecache.race.lookups", 500);
  private static final int SECONDS = Integer.getInteger("imagecache.race.seconds", 20);
  private static final Duration MOVE_EVERY = Duration.ofSeconds(2);
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(1);
  /** The files are checked this long before the launch lease's end (the clocks are the same machine's). */
  private static final Duration BEFORE_LEASE_END = Duration.ofMillis(250);
  private static final String CONFIG = """
      images:
        auto_update_interval: 1
        remote_cache_expiry: 0
      cache:
        launch_lease: 2s
        fresh_grace: 0s
        keep_revisions: 0
      """;

  @TempDir Path work;

  /** How far ahead of this machine's clock the service's runs (as if that long had passed since the first lookup). */
  private static final Duration PASSED = Duration.ofDays(2);

  /** What went wrong (empty: nothing), and what was tried. */
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger leaseChecks = new AtomicInteger();
  private final AtomicInteger lateChecks = new AtomicInteger();
  private final AtomicInteger moves = new AtomicInteger();
  private final AtomicInteger pruneRuns = new AtomicInteger();
  private final Map<String, Integer> deletions = new TreeMap<>();
  private final Set<String> fingerprintsAnswered = ConcurrentHashMap.newKeySet();

  @Test
  void launchesNeverFailWhileTheAliasMovesAndPruneRuns() throws Exception {
    int revisions = SECONDS * 1000 / (int) MOVE_EVERY.toMillis() + 1;
    List<Path> streams = streams(revisions);
    try (StreamServer server = StreamServer.serve(streams.get(0));
        ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + server.url() + "\n    catalog_ttl: 1h\n" + CONFIG)) {
      svc.start();
      String first = svc.api().post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText();
      assertThat(svc.stop()).isZero();
      svc.startAfter(PASSED); // the first lookup's launch lease is over: nothing but the race's own leases protects the image
      HttpApi api = svc.api();

      ScheduledExecutorService clock = Executors.newScheduledThreadPool(24);
      try {
        Instant start = Instant.now();
        List<Future<?>> work = new ArrayList<>();
        work.add(clock.submit(() -> call(() -> api.patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"1\"}}"), "PATCH expiry=1")));
        long spacing = SECONDS * 1000L / LOOKUPS;
        for (int i = 0; i < LOOKUPS; i++) {
          work.add(clock.schedule(() -> launch(api, clock), i * spacing, TimeUnit.MILLISECONDS));
        }
        for (long t = 0; t < SECONDS * 1000L; t += PRUNE_EVERY.toMillis()) {
          work.add(clock.schedule(() -> prune(api), t, TimeUnit.MILLISECONDS));
        }
        Mover mover = new Mover(api, server, streams, first);
        for (int k = 1; k < revisions; k++) {
          work.add(clock.schedule(mover::next, k * MOVE_EVERY.toMillis() - 500, TimeUnit.MILLISECONDS));
        }
        for (Future<?> w : work) {
          w.get(SECONDS + 60, TimeUnit.SECONDS);
        }
        clock.shutdown();
        assertThat(clock.awaitTermination(30, TimeUnit.SECONDS)).as("every lease-end check ran").isTrue();
        deletions.putAll(deletionsByReason(api));
        System.out.printf("RaceSuite: %d lookups over %d s (%d answered), %d alias moves, %d prune runs, %d images deleted %s, "
                + "%d fingerprints answered, %d lease-end checks held (%d too late to tell), %d failures%n", LOOKUPS,
            Duration.between(start, Instant.now()).toSeconds(), answered.get(), moves.get(), pruneRuns.get(),
            deletions.values().stream().mapToInt(Integer::intValue).sum(), deletions, fingerprintsAnswered.size(),
            leaseChecks.get(), lateChecks.get(), failures.size());
      } finally {
        clock.shutdownNow();
      }

      assertThat(failures).as("failures").isEmpty();
      assertThat(answered.get()).isEqualTo(LOOKUPS);
      assertThat(leaseChecks.get() + lateChecks.get()).isEqualTo(LOOKUPS);
      assertThat(lateChecks.get()).as("lease-end checks that ran too late to tell").isLessThan(LOOKUPS / 20);
      assertThat(moves.get()).as("the alias moved").isEqualTo(revisions - 1);
      assertThat(fingerprintsAnswered).as("launches saw the alias move").hasSizeGreaterThan(revisions / 2);
      assertThat(deletions.getOrDefault("superseded", 0)).as("superseded revisions went while launches ran: %s", deletions)
          .isGreaterThanOrEqualTo(revisions / 2);
      assertThat(DataDirState.integrityCheck(svc.dataDir())).isEqualTo("ok");
      assertThat(svc.stop()).isZero();
    }
  }

  /** One launch: 200, files whole now, and still there just before the lease ends. */
  private void launch(HttpApi api, ScheduledExecutorService clock) {
    HttpApi.Response r;
    try {
      r = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
    } catch (IOException | InterruptedException e) {
      failures.add("lookup: " + e);
      return;
    }
    if (r.status() != 200) {
      failures.add("lookup answered " + r.status() + ": " + r.raw());
      return;
    }
    answered.incrementAndGet();
    JsonNode m = r.metadata();
    String fp = m.path("fingerprint").asText();
    fingerprintsAnswered.add(fp);
    Path meta = Path.of(m.path("files").path("meta").asText());
    Path root = Path.of(m.path("files").path("root").asText());
    try {
      String sha = Streams.sha256(meta, root);
      if (!sha.equals(fp)) {
        failures.add("files of " + fp + " hash to " + sha + " at answer time");
      }
    } catch (IOException e) {
      failures.add("files of " + fp + " unreadable at answer time: " + e);
      return;
    }
    Instant leaseEnd = Instant.parse(m.path("lease").path("expires_at").asText()).minus(PASSED); // on this machine's clock
    long delay = Duration.between(Instant.now(), leaseEnd.minus(BEFORE_LEASE_END)).toMillis();
    clock.schedule(() -> {
      boolean present = Files.isRegularFile(meta) && Files.isRegularFile(root);
      if (Instant.now().isAfter(leaseEnd)) {
        lateChecks.incrementAndGet(); // this machine was too busy to look in time: proves nothing either way
      } else if (!present) {
        failures.add("files of " + fp + " gone before its lease ended at " + leaseEnd);
      } else {
        leaseChecks.incrementAndGet();
      }
    }, Math.max(0, delay), TimeUnit.MILLISECONDS);
  }

  private void prune(HttpApi api) {
    HttpApi.Response r = call(() -> api.post("/1.0/cache/prune", "{\"dry_run\":false}"), "prune");
    if (r == null) {
      return;
    }
    if (r.status() == 409 && r.reason().equals("prune_running")) {
      return;
    }
    if (r.status() != 200) {
      failures.add("prune answered " + r.status() + ": " + r.raw());
      return;
    }
    pruneRuns.incrementAndGet();
  }

  /** Images deleted so far (by prunes, the settings change and the revision collector), by reason. */
  private static Map<String, Integer> deletionsByReason(HttpApi api) throws IOException, InterruptedException {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode e : api.get("/1.0/cache/events?kind=image-deleted&limit=1000").metadata()) {
      out.merge(e.path("reason").asText(), 1, Integer::sum);
    }
    return out;
  }

  /** Publishes the next revision and refreshes the cached image from it, as auto-update would. */
  private final class Mover {
    private final HttpApi api;
    private final StreamServer server;
    private final List<Path> streams;
    private String current;
    private int revision;

    Mover(HttpApi api, StreamServer server, List<Path> streams, String current) {
      this.api = api;
      this.server = server;
      this.streams = streams;
      this.current = current;
    }

    synchronized void next() {
      server.serveFrom(streams.get(++revision));
      HttpApi.Response r = call(() -> api.post("/1.0/images/" + current + "/refresh", null), "refresh");
      if (r == null) {
        return;
      }
      if (r.status() != 200 || !r.metadata().path("refreshed").asBoolean()) {
        failures.add("refresh to revision " + revision + " answered " + r.status() + ": " + r.raw());
        return;
      }
      current = r.metadata().path("fingerprint").asText();
      moves.incrementAndGet();
    }
  }

  private interface Call {
    HttpApi.Response send() throws IOException, InterruptedException;
  }

  private HttpApi.Response call(Call call, String what) {
    try {
      return call.send();
    } catch (IOException | InterruptedException e) {
      failures.add(what + ": " + e);
      return null;
    }
  }

  /** Streams of revisions 1..n: stream k serves versions 1..k+1, so its alias points at a newer image each time. */
  private List<Path> streams(int n) throws Exception {
    List<String> versions = new ArrayList<>();
    List<Path> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      versions.add(String.format("202611%02d_0000", k + 1));
      Path dir = work.resolve("stream-" + k);
      Streams.make(dir, "amd64", "64KiB", versions.toArray(String[]::new));
      out.add(dir);
    }
    return out;
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.CacheEvent;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Damaged image files: noticed, removed, said. A lookup looks at an image's files before it answers
 * with them (present, regular files, not links, the recorded size: a stat of each, at most once a
 * second per image while they look whole); a refresh, {@code imagecache images verify} and a pass after
 * every start re-hash them. Damaged files are removed under the image's lock (event
 * {@code image-damaged}); the record stays (its aliases, source and leases too), and the next lookup
 * through a remote fetches the files again.
 */
public final class ImageDamage {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDamage.class);
  /** How long files that looked whole are taken as whole without another look. */
  static final java.time.Duration LOOK_AGAIN = java.time.Duration.ofSeconds(1);

  /** What a verification says of an image whose files are not in the store at all. */
  public static final String MISSING = "its files are not in the store (the next lookup through a remote fetches them)";

  /** What a verification found for one image. */
  public record Verdict(String fingerprint, Optional<String> problem) {}

  private final Vertx vertx;
  private final ImageFileStore files;
  private final FingerprintLocks locks;
  private final Database db;
  private final LocalImages local;
  private final Clock clock;
  private final Map<Fingerprint, Long> lookedWholeAt = new ConcurrentHashMap<>();
  private final io.vertx.core.WorkerExecutor verifier;

  public ImageDamage(Vertx vertx, ImageFileStore files, FingerprintLocks locks, Database db, LocalImages local, Clock clock) {
    this.vertx = vertx;
    this.verifier = vertx.createSharedWorkerExecutor("imagecache-verify", 1);
    this.files = files;
    this.locks = locks;
    this.db = db;
    this.local = local;
    this.clock = clock;
  }

  /**
   * What a look at the image's files finds wrong (no read of their content). Runs where it is called,
   * the hot path's event loop included: two stats, skipped for a second after files looked whole.
   */
  public Optional<String> lookProblem(LocalImage image) {
    Long at = lookedWholeAt.get(image.fingerprint());
    long now = clock.millis();
    if (at != null && now - at < LOOK_AGAIN.toMillis() && now >= at) {
      return Optional.empty();
    }
    Optional<String> problem = files.shapeProblem(image.fingerprint(), image.layout(), image.size());
    if (problem.isEmpty()) {
      lookedWholeAt.put(image.fingerprint(), now);
    } else {
      lookedWholeAt.remove(image.fingerprint());
    }
    return problem;
  }

  /**
   * Re-hashes the image's files (on the verifier's own thread, one image at a time, so that a pass over
   * a large store never takes the workers launches need); damaged ones are removed. Files that are not
   * there at all are reported but nothing is removed or written: the next lookup fetches them.
   */
  public Future<Verdict> verify(LocalImage image) {
    Fingerprint fp = image.fingerprint();
    return verifier.executeBlocking(() -> new Checked(files.contentProblem(fp, image.layout(), image.size()), files.anyPresent(fp)), true)
        .compose(checked -> {
          Verdict verdict = new Verdict(fp.hex(), checked.problem());
          if (checked.problem().isEmpty() || !checked.anyFilePresent()) {
            return Future.succeededFuture(verdict);
          }
          return remove(image, checked.problem().get()).map(verdict);
        });
  }

  private record Checked(Optional<String> problem, boolean anyFilePresent) {}

  /**
   * Re-hashes every image's files that are in the store, one fingerprint after the other. Records whose
   * files are not there at all are left to the next lookup (it fetches them): a store listing, not a
   * look per record, so a database of many records without files costs the pass nothing.
   */
  public Future<List<Verdict>> verifyAll() {
    Future<java.util.Set<String>> present = verifier.executeBlocking(() -> {
      java.util.Set<String> names = new java.util.HashSet<>();
      files.listImageFiles().forEach(p -> names.add(p.getFileName().toString()));
      return names;
    }, true);
    return present.compose(names -> db.read(session -> new ImageRepository().listAll(session)).compose(all -> {
      Map<Fingerprint, LocalImage> byFingerprint = new java.util.LinkedHashMap<>();
      List<Verdict> verdicts = new ArrayList<>();
      java.util.Set<Fingerprint> missing = new java.util.LinkedHashSet<>();
      for (LocalImage i : all) {
        if (files.paths(i.fingerprint(), i.layout()).stream().anyMatch(p -> names.contains(p.getFileName().toString()))) {
          byFingerprint.putIfAbsent(i.fingerprint(), i);
        } else {
          missing.add(i.fingerprint());
        }
      }
      missing.forEach(fp -> verdicts.add(new Verdict(fp.hex(), Optional.of(MISSING))));
      Future<Void> chain = Future.succeededFuture();
      for (LocalImage image : byFingerprint.values()) {
        chain = chain.compose(v -> verify(image).map(verdict -> {
          verdicts.add(verdict);
          return null;
        }));
      }
      return chain.map(v -> verdicts);
    }));
  }

  /** Removes the image's files under its lock and writes the event; the records stay. */
  public Future<Void> remove(LocalImage image, String problem) {
    Fingerprint fp = image.fingerprint();
    lookedWholeAt.remove(fp);
    LOG.warn("image {}: damaged files removed ({}); the next lookup through a remote fetches them again", fp.shortForm(), problem);
    return locks.withLock(fp, () -> vertx.executeBlocking(() -> files.delete(fp), false))
        .compose(freed -> local.filesRemoved(fp, CacheEvent.of(clock.instant(), "image-damaged", fp.hex(), null)
            .withReason("damaged").withBytes(freed).withDetail(problem)));
  }
}

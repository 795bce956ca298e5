package org.imagecache.schedule;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.imagecache.failure.ConflictException;
import org.imagecache.resolve.Decider;
import org.imagecache.resolve.ImageDeleter;
import org.imagecache.store.Database;
import org.imagecache.store.SupersededRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes superseded revisions beyond {@code cache.keep_revisions} whose leases have ended (reason
 * {@code superseded}), under the rules of every deletion: never pinned, never a user's image, never
 * inside {@code cache.fresh_grace}; a leased or fresh one stays and is tried again at the next run.
 */
public final class RevisionCollector {
  private static final Logger LOG = LoggerFactory.getLogger(RevisionCollector.class);
  private final Database db;
  private final ImageDeleter deleter;
  private final IntSupplier keepRevisions;
  private final Supplier<Duration> freshGrace;
  private final Clock clock;
  private final SupersededRepository superseded = new SupersededRepository();

  public RevisionCollector(Database db, ImageDeleter deleter, IntSupplier keepRevisions, Supplier<Duration> freshGrace, Clock clock) {
    this.db = db;
    this.deleter = deleter;
    this.keepRevisions = keepRevisions;
    this.freshGrace = freshGrace;
    this.clock = clock;
  }

  /** Returns how many revisions were deleted. */
  public Future<Integer> collect() {
    return db.read(superseded::listAll).compose(all -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (SupersededRepository.Superseded s : RevisionPolicy.collectable(all, keepRevisions.getAsInt(), clock.instant(), freshGrace.get())) {
        chain = chain.compose(n -> deleter.delete(s.image(), "superseded", Decider.CACHE).map(freed -> {
          LOG.debug("deleted superseded image {} of project {} ({} bytes freed)", s.image().fingerprint(), s.image().project(), freed);
          return n + 1;
        }).recover(e -> {
          if (!(e instanceof ConflictException)) {
            LOG.warn("could not delete superseded image {}: {}", s.image().fingerprint(), e.getMessage());
          }
          return Future.succeededFuture(n);
        }));
      }
      return chain;
    });
  }
}

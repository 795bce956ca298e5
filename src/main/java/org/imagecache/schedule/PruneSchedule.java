package org.imagecache.schedule;

import io.vertx.core.Vertx;
import java.util.Set;
import org.imagecache.failure.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prunes at start, every 24 hours, and right after images.remote_cache_expiry changes. */
public final class PruneSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(PruneSchedule.class);
  static final long DAY_MS = 24L * 3600 * 1000;

  private final Vertx vertx;
  private final Pruner pruner;
  private long timer = -1;

  public PruneSchedule(Vertx vertx, Pruner pruner) {
    this.vertx = vertx;
    this.pruner = pruner;
  }

  public void start() {
    runNow();
    timer = vertx.setPeriodic(DAY_MS, id -> runNow());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  public void runNow() {
    pruner.run(false, Set.copyOf(PrunePolicy.REASONS))
        .onFailure(e -> {
          if (!(e instanceof ConflictException)) {
            LOG.warn("scheduled prune failed (nothing deleted after the failure): {}", e.toString());
          }
        });
  }
}

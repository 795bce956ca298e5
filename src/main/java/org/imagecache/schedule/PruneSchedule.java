package org.imagecache.schedule;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import org.imagecache.failure.ConflictException;
import org.imagecache.metrics.ImageCacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prunes at start, every {@code cache.prune_interval}, and right after images.remote_cache_expiry changes. */
public final class PruneSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(PruneSchedule.class);

  private final Vertx vertx;
  private final Pruner pruner;
  private final Duration interval;
  private final ImageCacheMetrics metrics;
  private long timer = -1;

  public PruneSchedule(Vertx vertx, Pruner pruner, Duration interval, ImageCacheMetrics metrics) {
    this.vertx = vertx;
    this.pruner = pruner;
    this.interval = interval;
    this.metrics = metrics;
  }

  public void start() {
    runNow();
    timer = vertx.setPeriodic(interval.toMillis(), id -> runNow());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  public void runNow() {
    pruner.run(false, Set.copyOf(PrunePolicy.REASONS))
        .onSuccess(r -> metrics.scheduledPrune())
        .onFailure(e -> {
          if (!(e instanceof ConflictException)) {
            metrics.scheduledPrune();
            LOG.warn("scheduled prune failed (nothing deleted after the failure): {}", e.toString());
          }
        });
  }
}

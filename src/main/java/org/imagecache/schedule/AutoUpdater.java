package org.imagecache.schedule;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.imagecache.image.LocalImage;
import org.imagecache.metrics.ImageCacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs auto-update rounds: at start, every {@code cache.auto_update_tick} (so an image is checked within a tick of
 * its stored due time, which survives restarts), and when the settings change. A round refreshes the
 * due images, at most {@code cache.auto_update_concurrency} at a time; one failing image never stops
 * the others. With {@code images.auto_update_interval} 0 nothing is refreshed. Superseded revisions
 * whose leases have ended are removed at the end of every round.
 */
public final class AutoUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(AutoUpdater.class);
  private static final int ROUND_LIMIT = 1000;

  private final Vertx vertx;
  private final UpdateBook book;
  private final ImageRefresher refresher;
  private final RevisionCollector revisions;
  private final int concurrency;
  private final Duration tick;
  private final ImageCacheMetrics metrics;
  private long timer = -1;
  private Future<Integer> running = Future.succeededFuture(0);

  public AutoUpdater(Vertx vertx, UpdateBook book, ImageRefresher refresher, RevisionCollector revisions, int concurrency,
      Duration tick, ImageCacheMetrics metrics) {
    this.tick = tick;
    this.metrics = metrics;
    this.vertx = vertx;
    this.book = book;
    this.refresher = refresher;
    this.revisions = revisions;
    this.concurrency = concurrency;
  }

  public void start() {
    runRound();
    timer = vertx.setPeriodic(tick.toMillis(), id -> runRound());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Starts a round unless one is running; returns the running round (images refreshed or checked). */
  public synchronized Future<Integer> runRound() {
    if (!running.isComplete()) {
      return running;
    }
    if (book.intervalHours() > 0) {
      metrics.autoUpdateRound();
    }
    Future<Integer> round = book.intervalHours() <= 0 ? Future.succeededFuture(0)
        : book.scheduleUnscheduled().compose(x -> book.due(ROUND_LIMIT)).compose(this::refreshAll);
    running = round.compose(n -> revisions.collect().map(n))
        .onFailure(e -> LOG.warn("auto-update round failed: {}", e.toString()));
    return running;
  }

  private Future<Integer> refreshAll(List<LocalImage> due) {
    if (due.isEmpty()) {
      return Future.succeededFuture(0);
    }
    LOG.info("auto-update: {} image(s) due", due.size());
    Deque<LocalImage> queue = new ArrayDeque<>(due);
    List<Future<Integer>> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(concurrency, due.size()); i++) {
      workers.add(worker(queue, 0));
    }
    return Future.all(workers).map(cf -> cf.<Integer>list().stream().mapToInt(Integer::intValue).sum());
  }

  private Future<Integer> worker(Deque<LocalImage> queue, int done) {
    LocalImage next;
    synchronized (queue) {
      next = queue.poll();
    }
    if (next == null) {
      return Future.succeededFuture(done);
    }
    Promise<Integer> p = Promise.promise();
    refresher.refresh(next)
        .onFailure(e -> LOG.warn("auto-update of image {} failed: {}", next.fingerprint().shortForm(), e.getMessage()))
        .transform(x -> worker(queue, done + 1))
        .onComplete(p);
    return p.future();
  }
}

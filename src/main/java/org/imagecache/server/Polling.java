package org.imagecache.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run every {@code interval} (on a database other members share: reading what they changed).
 * Never two runs at once, so a slow database does not pile runs up; a failed run (the database down)
 * is logged once until a run succeeds again, which is logged too.
 */
final class Polling {
  private static final Logger LOG = LoggerFactory.getLogger(Polling.class);

  private final Vertx vertx;
  private final Duration interval;
  private final String what;
  private final Supplier<Future<?>> task;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();
  private long timer = -1;

  /** @param what the task, as the log names it ("reading the shared settings") */
  Polling(Vertx vertx, Duration interval, String what, Supplier<Future<?>> task) {
    this.vertx = vertx;
    this.interval = interval;
    this.what = what;
    this.task = task;
  }

  void start() {
    timer = vertx.setPeriodic(interval.toMillis(), id -> runNow());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One run, unless the last one is still under way. */
  void runNow() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    Future<?> run;
    try {
      run = task.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(ar -> {
      running.set(false);
      if (ar.succeeded()) {
        if (failing.compareAndSet(true, false)) {
          LOG.info("{} succeeds again", what);
        }
      } else if (failing.compareAndSet(false, true)) {
        LOG.warn("{} failed (tried again every {}s): {}", what, interval.toSeconds(), ar.cause().getMessage());
      }
    });
  }
}

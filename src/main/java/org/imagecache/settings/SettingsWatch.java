package org.imagecache.settings;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a database that several members share, reads the stored settings again every {@code interval} so
 * that a change made on one member ({@code PATCH /1.0}) is applied by every member within that time,
 * its reactions (a prune, an auto-update round) included. One read per interval; a failed one (the
 * database down) is logged once until a read succeeds again.
 */
public final class SettingsWatch {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsWatch.class);
  /** How soon a member applies a change another member made. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final RuntimeSettings settings;
  private final Duration interval;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicBoolean reading = new AtomicBoolean();
  private long timer = -1;

  public SettingsWatch(Vertx vertx, RuntimeSettings settings, Duration interval) {
    this.vertx = vertx;
    this.settings = settings;
    this.interval = interval;
  }

  public void start() {
    timer = vertx.setPeriodic(interval.toMillis(), id -> readNow());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One read, unless the last one is still under way (a slow database does not pile reads up). */
  void readNow() {
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    settings.refresh().onComplete(ar -> {
      reading.set(false);
      if (ar.succeeded()) {
        if (failing.compareAndSet(true, false)) {
          LOG.info("the shared settings are read again");
        }
      } else if (failing.compareAndSet(false, true)) {
        LOG.warn("reading the shared settings failed (tried again every {}): {}", interval.toSeconds() + "s", ar.cause().getMessage());
      }
    });
  }
}

package org.imagecache.testing;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits (on a Vert.x timer, not by sleeping) until a condition holds; for background work in component tests. */
public final class Eventually {
  private Eventually() {}

  /**
   * Blocks the calling (test) thread until {@code condition} is true, checking every 20 ms.
   *
   * @throws AssertionError when it is still false after {@code max}
   */
  public static void until(Vertx vertx, Duration max, String what, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + max.toNanos();
    vertx.setPeriodic(1, 20, id -> {
      try {
        if (condition.getAsBoolean()) {
          vertx.cancelTimer(id);
          done.tryComplete();
        } else if (System.nanoTime() > deadline) {
          vertx.cancelTimer(id);
          done.tryFail(new AssertionError("Still not true after " + max + ": " + what));
        }
      } catch (RuntimeException | AssertionError e) {
        vertx.cancelTimer(id);
        done.tryFail(e);
      }
    });
    done.future().await();
  }
}

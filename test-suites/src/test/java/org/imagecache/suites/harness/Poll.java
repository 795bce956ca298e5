package org.imagecache.suites.harness;

import java.time.Duration;
import java.time.Instant;

/** Waits, boundedly, for something the service does in the background. */
public final class Poll {
  private Poll() {}

  /** A condition that may throw while it is being checked. */
  public interface Check {
    boolean ok() throws Exception;
  }

  /** Polls every 200 ms; fails after 30 s. */
  public static void until(Check check) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!check.ok()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(200);
    }
  }
}

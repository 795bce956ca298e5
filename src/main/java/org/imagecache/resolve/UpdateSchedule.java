package org.imagecache.resolve;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * When an image with auto-update on is checked next: {@code images.auto_update_interval} hours from
 * now, plus up to 10% of the interval of jitter so that a fleet does not hit the remote at once.
 */
public final class UpdateSchedule {
  private final DoubleSupplier random;

  /** @param random uniform in [0, 1); injected so tests can fix it */
  public UpdateSchedule(DoubleSupplier random) {
    this.random = random;
  }

  /**
   * The next due time after {@code failures} failed attempts in a row: the interval doubled per failure
   * (at most 8 times the interval), plus jitter, so a remote that is down is not asked again and again.
   */
  public @Nullable Instant nextDueAfterFailure(Instant now, int intervalHours, int failures) {
    if (intervalHours <= 0) {
      return null;
    }
    int factor = 1 << Math.min(Math.max(failures - 1, 0), 3);
    return nextDue(now, intervalHours * factor);
  }

  /** The next due time, or null when auto-update is off (interval 0). */
  public @Nullable Instant nextDue(Instant now, int intervalHours) {
    if (intervalHours <= 0) {
      return null;
    }
    Duration interval = Duration.ofHours(intervalHours);
    long jitterMillis = (long) (interval.toMillis() * 0.1 * random.getAsDouble());
    return now.plus(interval).plusMillis(jitterMillis);
  }
}

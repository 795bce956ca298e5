package org.imagecache.cli;

import java.time.Clock;
import java.util.Map;
import org.imagecache.config.ConfigException;
import org.imagecache.config.Durations;
import org.jspecify.annotations.Nullable;

/**
 * The service's clock: the system's, or for a test that has to see days pass (expiry, grace periods,
 * due updates) the system's moved ahead by {@code --test-clock-offset}. The offset is refused unless
 * the environment also says {@value #ENABLE}=1, so that no operator runs a service in the future by a
 * stray option, and tests never have to edit the database of a stopped service to move time.
 */
final class ServiceClock {
  static final String ENABLE = "IMAGECACHE_TEST_CLOCK";

  private ServiceClock() {}

  static Clock of(@Nullable String offset, Map<String, String> environment) {
    if (offset == null) {
      return Clock.systemUTC();
    }
    if (!"1".equals(environment.get(ENABLE))) {
      throw new ConfigException("--test-clock-offset is for tests: it moves every time the service keeps, and is accepted only with "
          + ENABLE + "=1 in the environment");
    }
    try {
      return Clock.offset(Clock.systemUTC(), Durations.parse(offset));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--test-clock-offset " + offset + " " + e.getMessage());
    }
  }
}

package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.imagecache.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServiceClockTest {
  private static final Map<String, String> ENABLED = Map.of(ServiceClock.ENABLE, "1");

  @Test
  void withoutAnOffsetTheClockIsTheSystems() {
    assertThat(ServiceClock.of(null, Map.of())).isEqualTo(Clock.systemUTC());
  }

  @Test
  void anOffsetIsRefusedWithoutTheEnvironmentsConsent() {
    assertThatThrownBy(() -> ServiceClock.of("2d", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--test-clock-offset is for tests: it moves every time the service keeps, and is accepted only with"
            + " IMAGECACHE_TEST_CLOCK=1 in the environment");
    assertThatThrownBy(() -> ServiceClock.of("2d", Map.of(ServiceClock.ENABLE, "yes")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void anOffsetMovesTheClockAheadByIt() {
    Clock clock = ServiceClock.of("2d", ENABLED);

    assertThat(clock).isEqualTo(Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
    assertThat(clock.instant()).isAfter(Instant.now().plus(Duration.ofDays(2)).minusSeconds(60));
  }

  @Test
  void anOffsetThatIsNoDurationSaysWhatOneLooksLike() {
    assertThatThrownBy(() -> ServiceClock.of("two days", ENABLED))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--test-clock-offset two days is not a duration (a number and a unit: ms, s, m, h or d, such as 10m)");
  }
}

package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpdateScheduleTest {
  static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  @Test
  void nextDue_intervalZero_isNull() {
    assertThat(new UpdateSchedule(() -> 0.5).nextDue(NOW, 0)).isNull();
  }

  @Test
  void nextDue_randomZero_isExactlyOneInterval() {
    assertThat(new UpdateSchedule(() -> 0.0).nextDue(NOW, 6)).isEqualTo(NOW.plus(Duration.ofHours(6)));
  }

  @Test
  void nextDue_randomAlmostOne_isWithinTenPercentOfTheInterval() {
    Instant due = new UpdateSchedule(() -> 0.999).nextDue(NOW, 6);
    assertThat(due).isAfter(NOW.plus(Duration.ofHours(6)))
        .isBefore(NOW.plus(Duration.ofHours(6)).plus(Duration.ofMinutes(36)))
        .isAfterOrEqualTo(NOW.plus(Duration.ofHours(6)).plus(Duration.ofMinutes(35)));
  }
}

package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrphanedCopiesTest {
  private static final Instant SEEN = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(10).plusSeconds(2);

  @Test
  void aCopyIsDue_exactlyWhenItsGraceHasPassedSinceItWasFirstSeenWithoutARecord() {
    assertThat(OrphanedCopies.due(SEEN, SEEN, GRACE)).isFalse();
    assertThat(OrphanedCopies.due(SEEN, SEEN.plus(GRACE).minusMillis(1), GRACE)).isFalse();
    assertThat(OrphanedCopies.due(SEEN, SEEN.plus(GRACE), GRACE)).isTrue();
  }
}

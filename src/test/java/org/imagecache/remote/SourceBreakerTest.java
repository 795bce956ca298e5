package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The mirror's circuit breaker: skipped for 30 s after a failure, then one probe, whose outcome decides. */
class SourceBreakerTest {
  private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
  private final SourceBreaker breaker = new SourceBreaker(Duration.ofSeconds(30));

  @Test
  void aMirrorThatNeverFailed_isUsedByEveryRequest() {
    assertThat(breaker.tryUse(T0)).isTrue();
    assertThat(breaker.tryUse(T0)).isTrue();
    assertThat(breaker.view().state()).isEqualTo(SourceBreaker.State.CLOSED);
  }

  @Test
  void afterAFailure_itIsSkippedUntilTheSkipEnds_thenOneProbeTriesIt() {
    breaker.failed(T0, "connect timed out after 1 s");
    assertThat(breaker.tryUse(T0.plusSeconds(29))).isFalse();
    assertThat(breaker.view().retryAt()).contains(T0.plusSeconds(30));
    assertThat(breaker.view().lastError()).contains("connect timed out after 1 s");

    assertThat(breaker.tryUse(T0.plusSeconds(30))).as("the probe").isTrue();
    assertThat(breaker.tryUse(T0.plusSeconds(31))).as("while the probe runs, the others skip it").isFalse();
    assertThat(breaker.view().state()).isEqualTo(SourceBreaker.State.HALF_OPEN);
    assertThat(breaker.tryUse(T0.plusSeconds(60))).as("a probe silent for the skip is replaced").isTrue();
  }

  @Test
  void aProbeThatSucceeds_closesIt_oneThatFails_skipsItAgain() {
    breaker.failed(T0, "503");
    assertThat(breaker.tryUse(T0.plusSeconds(30))).isTrue();
    breaker.failed(T0.plusSeconds(31), "503 again");
    assertThat(breaker.tryUse(T0.plusSeconds(60))).isFalse();
    assertThat(breaker.view().retryAt()).contains(T0.plusSeconds(61));

    assertThat(breaker.tryUse(T0.plusSeconds(61))).isTrue();
    breaker.succeeded();
    assertThat(breaker.tryUse(T0.plusSeconds(61))).isTrue();
    assertThat(breaker.view().state()).isEqualTo(SourceBreaker.State.CLOSED);
    assertThat(breaker.view().lastError()).as("the last error stays on view").contains("503 again");
  }
}

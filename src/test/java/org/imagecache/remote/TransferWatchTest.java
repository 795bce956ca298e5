package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.imagecache.config.RemoteConfig;
import org.junit.jupiter.api.Test;

/** When a download read on its own thread must be stopped: each budget, and the sink's time left out of them. */
class TransferWatchTest {
  private static final long S = Duration.ofSeconds(1).toNanos();
  private static final long T0 = 1_000 * S;
  private static final RemoteConfig.MinimumRate RATE = new RemoteConfig.MinimumRate(1000, Duration.ofSeconds(10));
  private final TransferWatch watch = new TransferWatch(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), RATE, T0);

  @Test
  void aConnectionNotMadeWithinItsBudget_isNotConnected() {
    assertThat(watch.check(T0 + 2 * S - 1)).isEmpty();
    assertThat(watch.check(T0 + 2 * S)).containsInstanceOf(TransferWatch.Verdict.NotConnected.class);
  }

  @Test
  void noByteOfTheHeadForItsTimeout_isNoHead_bytesOfItPutItOff() {
    watch.awaitingHead(T0 + S);
    watch.received(10, T0 + 3 * S);
    assertThat(watch.check(T0 + 6 * S - 1)).isEmpty();
    assertThat(watch.check(T0 + 6 * S)).containsInstanceOf(TransferWatch.Verdict.NoHead.class);
  }

  @Test
  void aBodyWithoutAByteForTheIdleTimeout_isStalled() {
    watch.body(T0);
    watch.received(20_000, T0 + S);
    assertThat(watch.check(T0 + 6 * S - 1)).isEmpty();
    assertThat(watch.check(T0 + 6 * S)).containsInstanceOf(TransferWatch.Verdict.Stalled.class);
  }

  @Test
  void aWindowBelowTheMinimumRate_isTooSlow_withTheWindowsBytes() {
    watch.body(T0);
    for (int i = 1; i <= 10; i++) {
      watch.received(900, T0 + i * S);
    }
    assertThat(watch.check(T0 + 10 * S)).contains(new TransferWatch.Verdict.TooSlow(9000, RATE));
  }

  @Test
  void aWindowAtTheMinimumRate_startsTheNextWindow() {
    watch.body(T0);
    for (int i = 1; i <= 10; i++) {
      watch.received(1000, T0 + i * S);
    }
    assertThat(watch.check(T0 + 10 * S)).isEmpty();
    watch.received(1000, T0 + 11 * S);
    assertThat(watch.check(T0 + 15 * S)).as("the new window is 5 s old").isEmpty();
  }

  @Test
  void timeInTheSink_isNeitherIdleNorPartOfAWindow() {
    watch.body(T0);
    watch.received(5000, T0 + S);
    watch.intoSink(T0 + S);
    assertThat(watch.check(T0 + 60 * S)).as("a slow disk is not the remote's stall").isEmpty();
    watch.outOfSink(T0 + 61 * S);
    assertThat(watch.check(T0 + 65 * S)).as("4 s of the remote's own time since its last byte").isEmpty();
    watch.received(5000, T0 + 66 * S);
    assertThat(watch.check(T0 + 70 * S)).as("the window had 10 s of the remote's time and 10,000 bytes").isEmpty();
  }

  @Test
  void theChecksRunAtAQuarterOfTheShortestBudget() {
    assertThat(watch.checkEvery()).isEqualTo(Duration.ofMillis(250));
    TransferWatch quick = new TransferWatch(Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(5), RATE, T0);
    assertThat(quick.checkEvery()).isEqualTo(Duration.ofMillis(50));
  }
}

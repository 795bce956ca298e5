package org.imagecache.remote;

import java.time.Duration;
import java.util.Optional;
import org.imagecache.config.RemoteConfig;

/**
 * When a transfer read on a thread of its own must be stopped: its connection not made (TCP and TLS)
 * within the connection budget, no byte of the answer's head for the head timeout, no byte of the body
 * for the idle timeout, or a window of the body that brought fewer bytes than the minimum rate asks.
 * Time the reader spends in its sink (hashing, writing to a slow disk) is not the remote's: it counts
 * neither as idle nor towards a window. Plain Java, no I/O: times are given; safe from any thread.
 */
final class TransferWatch {
  /** What the transfer is waiting for. */
  enum Phase { CONNECTING, HEAD, BODY }

  /** Why it must stop: which budget ran out, and the bytes of the window for a trickle. */
  sealed interface Verdict {
    record NotConnected(Duration budget) implements Verdict {}

    record NoHead(Duration budget) implements Verdict {}

    record Stalled(Duration budget) implements Verdict {}

    record TooSlow(long bytes, RemoteConfig.MinimumRate rate) implements Verdict {}
  }

  private final long connectNanos;
  private final long headNanos;
  private final long idleNanos;
  private final RemoteConfig.MinimumRate rate;
  private Phase phase = Phase.CONNECTING;
  private long phaseStart;
  private long lastActivity;
  private long windowStart;
  private long windowBytes;
  private boolean inSink;
  /** When the reader went into its sink (while {@link #inSink}). */
  private long inSinkSince;

  TransferWatch(Duration connect, Duration head, Duration idle, RemoteConfig.MinimumRate rate, long now) {
    this.connectNanos = connect.toNanos();
    this.headNanos = head.toNanos();
    this.idleNanos = idle.toNanos();
    this.rate = rate;
    this.phaseStart = now;
    this.lastActivity = now;
  }

  /** How often {@link #check} should run: a quarter of the shortest budget, within 10 to 250 ms. */
  Duration checkEvery() {
    long window = rate.bytesPerSecond() > 0 ? rate.window().toNanos() : Long.MAX_VALUE;
    long shortest = Math.min(Math.min(connectNanos, headNanos), Math.min(idleNanos, window));
    return Duration.ofNanos(Math.max(Duration.ofMillis(10).toNanos(), Math.min(Duration.ofMillis(250).toNanos(), shortest / 4)));
  }

  synchronized void connecting(long now) {
    enter(Phase.CONNECTING, now);
  }

  /** The request went out: the head is awaited. */
  synchronized void awaitingHead(long now) {
    enter(Phase.HEAD, now);
  }

  /** The head came: the body is read. */
  synchronized void body(long now) {
    enter(Phase.BODY, now);
    windowStart = now;
    windowBytes = 0;
  }

  private void enter(Phase next, long now) {
    phase = next;
    phaseStart = now;
    lastActivity = now;
  }

  synchronized void received(int bytes, long now) {
    lastActivity = now;
    windowBytes += bytes;
  }

  synchronized void intoSink(long now) {
    inSink = true;
    inSinkSince = now;
  }

  synchronized void outOfSink(long now) {
    long away = now - inSinkSince;
    inSink = false;
    lastActivity += away;
    windowStart += away;
  }

  /** Whether the transfer must stop now, and why. */
  synchronized Optional<Verdict> check(long now) {
    if (inSink) {
      return Optional.empty();
    }
    switch (phase) {
      case CONNECTING:
        return now - phaseStart >= connectNanos ? Optional.of(new Verdict.NotConnected(Duration.ofNanos(connectNanos))) : Optional.empty();
      case HEAD:
        return now - lastActivity >= headNanos ? Optional.of(new Verdict.NoHead(Duration.ofNanos(headNanos))) : Optional.empty();
      default:
        if (now - lastActivity >= idleNanos) {
          return Optional.of(new Verdict.Stalled(Duration.ofNanos(idleNanos)));
        }
        if (rate.bytesPerSecond() > 0 && now - windowStart >= rate.window().toNanos()) {
          if (windowBytes < rate.bytesPerWindow()) {
            return Optional.of(new Verdict.TooSlow(windowBytes, rate));
          }
          windowStart = now;
          windowBytes = 0;
        }
        return Optional.empty();
    }
  }
}

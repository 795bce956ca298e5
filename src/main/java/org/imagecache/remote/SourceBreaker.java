package org.imagecache.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a mirror of a remote is tried: a circuit breaker. A mirror that failed is skipped for
 * {@code skipFor}; then one request (the probe) may try it while the others still skip it, and its
 * outcome closes the breaker or opens it again. Decisions take the time as an argument: no I/O, no
 * clock of its own. Thread-safe.
 */
public final class SourceBreaker {
  /** What the breaker says now. */
  public enum State {
    /** In use. */
    CLOSED,
    /** Failed lately: skipped until the time given by {@link View#retryAt()}. */
    OPEN,
    /** One request is trying it again; the others skip it until that one ends. */
    HALF_OPEN;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** The breaker as the API shows it. */
  public record View(State state, Optional<Instant> retryAt, Optional<String> lastError, Optional<Instant> lastFailureAt) {}

  private final Duration skipFor;
  private State state = State.CLOSED;
  private @Nullable Instant openUntil;
  private @Nullable Instant probeSince;
  private @Nullable String lastError;
  private @Nullable Instant lastFailureAt;

  public SourceBreaker(Duration skipFor) {
    this.skipFor = skipFor;
  }

  /**
   * Whether a request may use the mirror now. Past the skip, the first to ask is the probe (the
   * breaker is then half-open) and must report its outcome; a probe silent for {@code skipFor} is
   * replaced by the next request.
   */
  public synchronized boolean tryUse(Instant now) {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (openUntil != null && now.isBefore(openUntil)) {
          return false;
        }
        state = State.HALF_OPEN;
        probeSince = now;
        return true;
      default:
        // a probe that never told its outcome (its request was cancelled) does not keep the mirror out for good
        if (probeSince != null && !now.isBefore(probeSince.plus(skipFor))) {
          probeSince = now;
          return true;
        }
        return false;
    }
  }

  /** The mirror answered as it should: it is used again. */
  public synchronized void succeeded() {
    state = State.CLOSED;
    openUntil = null;
  }

  /** The mirror failed (or was too slow): skipped for {@code skipFor} from {@code now}. */
  public synchronized void failed(Instant now, String error) {
    state = State.OPEN;
    openUntil = now.plus(skipFor);
    lastError = error;
    lastFailureAt = now;
  }

  public synchronized View view() {
    return new View(state, Optional.ofNullable(state == State.OPEN ? openUntil : null), Optional.ofNullable(lastError),
        Optional.ofNullable(lastFailureAt));
  }
}

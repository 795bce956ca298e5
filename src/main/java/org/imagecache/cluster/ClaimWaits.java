package org.imagecache.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.image.DownloadClaim;
import org.imagecache.image.Fingerprint;

/**
 * Followers waiting for a claim to change: woken when a member tells the fingerprint on the claims'
 * channel (a release or a takeover), and after {@code poll} in any case (the tell may never come: a
 * dead owner says nothing, and through PgBouncer nothing is told at all).
 */
final class ClaimWaits {
  private final Vertx vertx;
  private final Duration poll;
  private final Map<Fingerprint, Set<Runnable>> waiting = new ConcurrentHashMap<>();

  ClaimWaits(Vertx vertx, Duration poll) {
    this.vertx = vertx;
    this.poll = poll;
  }

  /** Completes when the claim's fingerprint is told, or after the poll interval. */
  Future<Void> changed(DownloadClaim claim) {
    Fingerprint fp = claim.fingerprint();
    Promise<Void> woken = Promise.promise();
    Context context = vertx.getOrCreateContext();
    Runnable wake = () -> context.runOnContext(v -> woken.tryComplete());
    waiting.computeIfAbsent(fp, k -> ConcurrentHashMap.newKeySet()).add(wake);
    long timer = vertx.setTimer(poll.toMillis(), id -> woken.tryComplete());
    return woken.future().onComplete(x -> {
      vertx.cancelTimer(timer);
      waiting.computeIfPresent(fp, (k, set) -> {
        set.remove(wake);
        return set.isEmpty() ? null : set;
      });
    });
  }

  /** A payload on the claims' channel: the fingerprint whose claim changed (anything else is ignored). */
  void told(String payload) {
    if (!Fingerprint.isValid(payload)) {
      return;
    }
    Set<Runnable> woken = waiting.get(Fingerprint.of(payload));
    if (woken != null) {
      woken.forEach(Runnable::run);
    }
  }
}

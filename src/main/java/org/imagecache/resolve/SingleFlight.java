package org.imagecache.resolve;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Calls for a key while one is under way join it and get its outcome, success or failure, instead of
 * running again (Go's {@code singleflight}). A call after it has completed runs anew. A joiner
 * continues on its own Vert.x context, not on the one the call completes on. Thread-safe.
 */
final class SingleFlight<K, V> {
  private final Map<K, Future<V>> running = new ConcurrentHashMap<>();

  /** The outcome of {@code call} for {@code key}: this call's, or the one's under way. */
  Future<V> run(K key, Supplier<Future<V>> call) {
    Promise<V> mine = Promise.promise();
    Future<V> under = running.putIfAbsent(key, mine.future());
    if (under != null) {
      return onCaller(under.toCompletionStage());
    }
    Future<V> outcome;
    try {
      outcome = call.get();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(ar -> {
      running.remove(key, mine.future());
      mine.handle(ar);
    });
    return mine.future();
  }

  /**
   * A shared outcome (a call under way, a cache entry another event loop is loading) as a future that
   * completes on the caller's context, when it has one: its continuation then runs on its own loop.
   */
  static <V> Future<V> onCaller(CompletionStage<V> shared) {
    Context caller = Vertx.currentContext();
    return caller == null ? Future.fromCompletionStage(shared) : Future.fromCompletionStage(shared, caller);
  }
}

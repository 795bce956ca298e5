package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.imagecache.image.Fingerprint;

/**
 * One task at a time per fingerprint, without blocking a thread: a task waits for the one before it
 * to finish (whatever its outcome). What touches an image's files and the records that refer to them
 * (download and commit, adding a record that reuses the files, deleting the last record and the files)
 * runs under this lock, so no record is ever left without its files.
 */
public final class FingerprintLocks {
  private final Map<Fingerprint, Future<Void>> tails = new ConcurrentHashMap<>();
  private final Map<Fingerprint, Integer> waiting = new ConcurrentHashMap<>();

  public <T> Future<T> withLock(Fingerprint fp, Supplier<Future<T>> task) {
    Promise<Void> released = Promise.promise();
    Future<Void> previous = tails.put(fp, released.future());
    if (previous != null) {
      waiting.merge(fp, 1, Integer::sum);
    }
    Future<Void> start = previous == null ? Future.succeededFuture() : previous;
    Future<T> result = start.transform(x -> {
      if (previous != null) {
        waiting.computeIfPresent(fp, (k, n) -> n == 1 ? null : n - 1);
      }
      try {
        return task.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    result.onComplete(x -> {
      tails.remove(fp, released.future());
      released.complete();
    });
    return result;
  }

  /** Tasks queued for the fingerprint's lock behind the one holding it (0 when free or merely held). */
  public int waiting(Fingerprint fp) {
    return waiting.getOrDefault(fp, 0);
  }
}

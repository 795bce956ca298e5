package org.imagecache.remote;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagecache.failure.CancelledException;
import org.imagecache.failure.ImageCacheException;
import org.jspecify.annotations.Nullable;

/** A flag a running transfer watches: once cancelled, the transfer aborts and fails. */
public final class Cancellation {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;
  private volatile @Nullable ImageCacheException reason;

  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      listeners.forEach(Runnable::run);
    }
  }

  /** Cancels for a reason of the service's own (it is shutting down): the transfer fails with it. */
  public void cancel(ImageCacheException why) {
    if (!cancelled) {
      reason = why;
    }
    cancel();
  }

  /** The failure a cancelled transfer ends with: the reason given, else a plain cancel. */
  public ImageCacheException failure(String what) {
    ImageCacheException r = reason;
    return r != null ? r : new CancelledException(what + " cancelled");
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Runs the action at cancel time (or now, if already cancelled). */
  public void onCancel(Runnable action) {
    listeners.add(action);
    if (cancelled) {
      action.run();
    }
  }
}

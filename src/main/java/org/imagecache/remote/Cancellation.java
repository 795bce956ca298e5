package org.imagecache.remote;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A flag a running transfer watches: once cancelled, the transfer aborts and fails. */
public final class Cancellation {
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;

  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      listeners.forEach(Runnable::run);
    }
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

package org.imagecache.files;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Tasks that run one after the other, in the order they were given, on a shared pool: one
 * download's reception, commit or removal. A lane holds no thread of its own: each task goes to the pool
 * when the one before it has finished, so a lane's tasks never overlap and each sees what the one
 * before it did. A task may block (a download's reception reads its socket on the lane).
 */
public final class Lane {
  private final Executor pool;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** Guarded by queue: whether a task of this lane is with the pool. */
  private boolean busy;

  Lane(Executor pool) {
    this.pool = pool;
  }

  /** Runs the task after every task given before it; the future completes with its outcome. */
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Runnable step = () -> {
      try {
        outcome.complete(task.call());
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
    };
    boolean start;
    synchronized (queue) {
      queue.add(step);
      start = !busy;
      busy = true;
    }
    if (start) {
      pool.execute(this::runNext);
    }
    return outcome;
  }

  /** A task that returns nothing, in the lane's order. */
  public CompletableFuture<Void> run(Step step) {
    return submit(() -> {
      step.run();
      return null;
    });
  }

  /** Runs the lane's next task, then hands the one after it (if any) to the pool. */
  private void runNext() {
    Runnable next;
    synchronized (queue) {
      next = queue.poll();
    }
    next.run();
    boolean more;
    synchronized (queue) {
      more = !queue.isEmpty();
      busy = more;
    }
    if (more) {
      pool.execute(this::runNext);
    }
  }

  /** A task of a lane that may throw. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }
}

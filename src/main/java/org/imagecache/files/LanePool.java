package org.imagecache.files;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The threads that receive, hash and write downloads, off the event loop: each download takes a lane
 * of its own, on which its files are read from the network, hashed and written, then sealed and moved
 * into place (or removed), in order; distinct downloads never wait for each other. Threads are made as
 * lanes need them (at most one per busy lane) and go after a minute idle.
 */
public final class LanePool implements AutoCloseable {
  static final String THREAD_NAME = "imagecache-download-";
  private final Executor executor;
  private final @Nullable ExecutorService owned;

  private LanePool(Executor executor, @Nullable ExecutorService owned) {
    this.executor = executor;
    this.owned = owned;
  }

  /** The service's pool: daemon threads named {@code imagecache-download-N}. */
  public static LanePool create() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, THREAD_NAME + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ExecutorService pool = Executors.newCachedThreadPool(threads);
    return new LanePool(pool, pool);
  }

  /** Lanes over an executor the caller owns (tests: one that makes the disk slow). */
  public static LanePool over(Executor executor) {
    return new LanePool(executor, null);
  }

  /** A new lane of this pool. */
  public Lane lane() {
    return new Lane(executor);
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdown();
    }
  }
}

package org.imagecache.remote;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.RemoteException;

/**
 * A response body that fails (with the given error, then a reset of the request) when no byte arrives
 * for the idle timeout. Vert.x's request idle timeout ({@code RequestOptions.setIdleTimeout}) stops at
 * the response head, so a server that sent the head and part of the body and then nothing held a
 * download or a catalog fetch forever. Time the reader holds the body paused (back-pressure from a
 * slow disk) does not count as idle. It also fails a trickle, which the idle timeout never catches: a
 * body that brings fewer than the minimum rate's bytes in a window of active time. All its state is
 * touched on the response's event loop.
 */
final class IdleTimeoutBody implements ReadStream<Buffer> {
  private final Vertx vertx;
  private final HttpClientResponse response;
  private final long idleNanos;
  private final Supplier<RemoteException> timeout;
  private final RemoteConfig.MinimumRate rate;
  private final Function<Long, RemoteException> tooSlow;
  private Handler<Throwable> exceptionHandler = e -> { };
  private long lastActivity = System.nanoTime();
  private long windowStart = System.nanoTime();
  private long windowBytes;
  private long pausedAt;
  private boolean paused;
  private boolean stopped;
  private long timer;

  private IdleTimeoutBody(Vertx vertx, HttpClientResponse response, Duration idle, Supplier<RemoteException> timeout,
      RemoteConfig.MinimumRate rate, Function<Long, RemoteException> tooSlow) {
    this.vertx = vertx;
    this.response = response;
    this.idleNanos = idle.toNanos();
    this.rate = rate;
    this.tooSlow = tooSlow;
    this.timer = vertx.setTimer(Math.max(1, Math.min(idle.toMillis(), rate.window().toMillis())), id -> check());
    this.timeout = timeout;
  }

  /**
   * Watches the body of {@code response} from now on; call on the response's context.
   *
   * @param timeout the error when no byte came for {@code idle}
   * @param tooSlow the error, given the bytes of the window, when a window brought fewer than the rate's
   */
  static IdleTimeoutBody watch(Vertx vertx, HttpClientResponse response, Duration idle, Supplier<RemoteException> timeout,
      RemoteConfig.MinimumRate rate, Function<Long, RemoteException> tooSlow) {
    return new IdleTimeoutBody(vertx, response, idle, timeout, rate, tooSlow);
  }

  @Override
  public IdleTimeoutBody handler(Handler<Buffer> handler) {
    response.handler(handler == null ? null : chunk -> {
      lastActivity = System.nanoTime();
      windowBytes += chunk.length();
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public IdleTimeoutBody endHandler(Handler<Void> handler) {
    response.endHandler(v -> {
      stop();
      if (handler != null) {
        handler.handle(v);
      }
    });
    return this;
  }

  @Override
  public IdleTimeoutBody exceptionHandler(Handler<Throwable> handler) {
    Handler<Throwable> h = handler == null ? e -> { } : handler;
    this.exceptionHandler = h;
    response.exceptionHandler(e -> {
      stop();
      h.handle(e);
    });
    return this;
  }

  @Override
  public IdleTimeoutBody pause() {
    if (!paused) {
      paused = true;
      pausedAt = System.nanoTime();
    }
    response.pause();
    return this;
  }

  @Override
  public IdleTimeoutBody resume() {
    if (paused) {
      paused = false;
      long now = System.nanoTime();
      windowStart += now - pausedAt; // time we held it paused is not the remote's
      lastActivity = now;
    }
    response.resume();
    return this;
  }

  @Override
  public IdleTimeoutBody fetch(long amount) {
    lastActivity = System.nanoTime();
    response.fetch(amount);
    return this;
  }

  /** No more watching (the transfer is over, whichever way). */
  void stop() {
    if (!stopped) {
      stopped = true;
      vertx.cancelTimer(timer);
    }
  }

  private void check() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    if (!paused && now - lastActivity >= idleNanos) {
      fail(timeout.get());
      return;
    }
    long windowNanos = rate.window().toNanos();
    if (!paused && rate.bytesPerSecond() > 0 && now - windowStart >= windowNanos) {
      if (windowBytes < rate.bytesPerWindow()) {
        fail(tooSlow.apply(windowBytes));
        return;
      }
      windowStart = now;
      windowBytes = 0;
    }
    long untilIdle = paused ? idleNanos : idleNanos - (now - lastActivity);
    long untilWindow = paused ? windowNanos : windowNanos - (now - windowStart);
    timer = vertx.setTimer(Math.max(1, Duration.ofNanos(Math.min(untilIdle, untilWindow)).toMillis()), id -> check());
  }

  private void fail(RemoteException e) {
    stop();
    exceptionHandler.handle(e);
    response.request().reset();
  }
}

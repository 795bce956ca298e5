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
 * catalog fetch forever. Time the reader holds the body paused does not count as idle. It also fails a
 * trickle, which the idle timeout never catches: a body that brings fewer than the minimum rate's
 * bytes in a window of active time. The rule is {@link TransferWatch}'s, as for a download. All its
 * state is touched on the response's event loop.
 */
final class IdleTimeoutBody implements ReadStream<Buffer> {
  private final Vertx vertx;
  private final HttpClientResponse response;
  private final Supplier<RemoteException> timeout;
  private final Function<Long, RemoteException> tooSlow;
  private final TransferWatch watch;
  private Handler<Throwable> exceptionHandler = e -> { };
  private boolean paused;
  private boolean stopped;
  private final long timer;

  private IdleTimeoutBody(Vertx vertx, HttpClientResponse response, Duration idle, Supplier<RemoteException> timeout,
      RemoteConfig.MinimumRate rate, Function<Long, RemoteException> tooSlow) {
    this.vertx = vertx;
    this.response = response;
    this.timeout = timeout;
    this.tooSlow = tooSlow;
    long now = System.nanoTime();
    this.watch = new TransferWatch(idle, idle, idle, rate, now);
    watch.body(now);
    this.timer = vertx.setPeriodic(watch.checkEvery().toMillis(), id -> check());
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
      watch.received(chunk.length(), System.nanoTime());
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
      watch.intoSink(System.nanoTime());
    }
    response.pause();
    return this;
  }

  @Override
  public IdleTimeoutBody resume() {
    if (paused) {
      paused = false;
      watch.outOfSink(System.nanoTime());
    }
    response.resume();
    return this;
  }

  @Override
  public IdleTimeoutBody fetch(long amount) {
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
    watch.check(System.nanoTime()).ifPresent(v -> fail(v instanceof TransferWatch.Verdict.TooSlow t ? tooSlow.apply(t.bytes()) : timeout.get()));
  }

  private void fail(RemoteException e) {
    stop();
    exceptionHandler.handle(e);
    response.request().reset();
  }
}

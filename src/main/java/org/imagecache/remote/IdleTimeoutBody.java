package org.imagecache.remote;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A response body that fails (with the given error, then a reset of the request) when no byte arrives
 * for the idle timeout. Vert.x's request idle timeout ({@code RequestOptions.setIdleTimeout}) stops at
 * the response head, so a server that sent the head and part of the body and then nothing held a
 * download or a catalog fetch forever. Time the reader holds the body paused (back-pressure from a
 * slow disk) does not count as idle. All its state is touched on the response's event loop.
 */
final class IdleTimeoutBody implements ReadStream<Buffer> {
  private final Vertx vertx;
  private final HttpClientResponse response;
  private final long idleNanos;
  private final Supplier<RemoteException> timeout;
  private Handler<Throwable> exceptionHandler = e -> { };
  private long lastActivity = System.nanoTime();
  private boolean paused;
  private boolean stopped;
  private long timer;

  private IdleTimeoutBody(Vertx vertx, HttpClientResponse response, Duration idle, Supplier<RemoteException> timeout) {
    this.vertx = vertx;
    this.response = response;
    this.idleNanos = idle.toNanos();
    this.timer = vertx.setTimer(Math.max(1, idle.toMillis()), id -> check());
    this.timeout = timeout;
  }

  /** Watches the body of {@code response} from now on; call on the response's context. */
  static IdleTimeoutBody watch(Vertx vertx, HttpClientResponse response, Duration idle, Supplier<RemoteException> timeout) {
    return new IdleTimeoutBody(vertx, response, idle, timeout);
  }

  @Override
  public IdleTimeoutBody handler(Handler<Buffer> handler) {
    response.handler(handler == null ? null : chunk -> {
      lastActivity = System.nanoTime();
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
    paused = true;
    response.pause();
    return this;
  }

  @Override
  public IdleTimeoutBody resume() {
    paused = false;
    lastActivity = System.nanoTime();
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
    long idleFor = System.nanoTime() - lastActivity;
    if (paused || idleFor < idleNanos) {
      long wait = paused ? idleNanos : idleNanos - idleFor;
      timer = vertx.setTimer(Math.max(1, Duration.ofNanos(wait).toMillis()), id -> check());
      return;
    }
    stop();
    exceptionHandler.handle(timeout.get());
    response.request().reset();
  }
}

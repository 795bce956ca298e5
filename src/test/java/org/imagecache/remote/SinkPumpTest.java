package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.failure.RemoteException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the pump pauses a body: once the sink holds a few batches, and never while the rest of the body
 * fits in {@link SinkPump#UNPAUSED_TAIL} (a paused response whose server closes the connection after
 * its last byte loses that end in Vert.x).
 */
@ExtendWith(VertxExtension.class)
class SinkPumpTest {
  private static final int CHUNK = 64 * 1024;

  @Test
  void aBodyIsPausedWhileTheSinkIsBehind_andResumedWhenItCatchesUp(Vertx vertx) {
    Context ctx = context(vertx);
    Body body = new Body();
    HeldSink sink = new HeldSink();
    long expected = 64L * 1024 * 1024;
    Future<Void> done = onContext(ctx, () -> new SinkPump(body, expected, sink, errors(), () -> { }).run());

    long sent = onContext(ctx, () -> Future.succeededFuture(body.sendUntilPaused(expected))).await();

    assertThat(body.paused).as("paused after %d bytes", sent).isTrue();
    assertThat(sent).isLessThan(expected - SinkPump.UNPAUSED_TAIL);
    onContext(ctx, () -> Future.succeededFuture(sink.releaseAll())).await();
    // the pump hears of each written batch on its context: after those, the body goes on
    assertThat(onContext(ctx, () -> Future.succeededFuture(body.paused)).await()).as("resumed once the sink caught up").isFalse();
    assertThat(done.isComplete()).isFalse();
  }

  @Test
  void theLastBytesOfABodyAreNeverPaused_soItsEndIsDeliveredWhileTheSinkIsBehind(Vertx vertx) {
    Context ctx = context(vertx);
    Body body = new Body();
    HeldSink sink = new HeldSink();
    long expected = SinkPump.UNPAUSED_TAIL;
    Future<Void> done = onContext(ctx, () -> new SinkPump(body, expected, sink, errors(), () -> { }).run());

    long sent = onContext(ctx, () -> Future.succeededFuture(body.sendUntilPaused(expected))).await();
    assertThat(sent).as("the whole body arrived, never paused, with every batch still held").isEqualTo(expected);
    assertThat(body.pauses).isZero();
    assertThat(sink.held.size()).isGreaterThan(6);

    onContext(ctx, () -> {
      body.end();
      sink.releaseAll();
      return Future.succeededFuture();
    }).await();
    done.await();
  }

  @Test
  void bytesShortOfABatchReachTheSinkAfterTheLinger_whileTheBodyGoesOn(Vertx vertx) throws Exception {
    Context ctx = context(vertx);
    Body body = new Body();
    Promise<Long> firstBatch = Promise.promise();
    ChunkSink sink = new ChunkSink() {
      @Override
      public Future<Void> write(Batch batch) {
        firstBatch.tryComplete(batch.bytes());
        return Future.succeededFuture();
      }

      @Override
      public void abandon() {
        // nothing held
      }
    };
    Future<Void> done = onContext(ctx, () -> new SinkPump(body, 1024L * 1024, sink, errors(), () -> { }).run());

    onContext(ctx, () -> Future.succeededFuture(body.sendUntilPaused(CHUNK))).await();

    long bytes = firstBatch.future().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(bytes).as("one chunk, far short of a batch, without the body ending").isEqualTo(CHUNK).isLessThan(SinkPump.BATCH);
    assertThat(done.isComplete()).isFalse();
  }

  private static RemoteException.Factory errors() {
    return new RemoteException.Factory("fake", "root.tar.xz");
  }

  /** The one context a test runs the pump and its body on: its tasks run in the order given (and after what the pump queued). */
  private static Context context(Vertx vertx) {
    return vertx.getOrCreateContext();
  }

  private static <T> Future<T> onContext(Context context, java.util.function.Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }

  /** A body the test sends by hand: chunks of 64 KiB while it is not paused. */
  private static final class Body implements ReadStream<Buffer> {
    private @Nullable Handler<Buffer> handler;
    private @Nullable Handler<Void> endHandler;
    boolean paused;
    int pauses;
    long sent;

    /** Sends chunks until the body is paused or {@code total} bytes are out; the bytes sent in all. */
    long sendUntilPaused(long total) {
      while (!paused && sent < total) {
        int n = (int) Math.min(CHUNK, total - sent);
        sent += n;
        handler.handle(Buffer.buffer(new byte[n]));
      }
      return sent;
    }

    void end() {
      endHandler.handle(null);
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(@Nullable Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(@Nullable Handler<Buffer> h) {
      this.handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      pauses++;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(@Nullable Handler<Void> h) {
      this.endHandler = h;
      return this;
    }
  }

  /** A sink that writes nothing until told: each batch's future waits for {@link #releaseAll()}. */
  private static final class HeldSink implements ChunkSink {
    final List<Promise<Void>> held = new ArrayList<>();

    @Override
    public Future<Void> write(Batch batch) {
      Promise<Void> p = Promise.promise();
      held.add(p);
      return p.future();
    }

    int releaseAll() {
      List<Promise<Void>> now = new ArrayList<>(held);
      held.clear();
      now.forEach(Promise::complete);
      return now.size();
    }

    @Override
    public void abandon() {
      // nothing written
    }
  }
}

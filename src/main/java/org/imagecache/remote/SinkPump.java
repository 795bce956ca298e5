package org.imagecache.remote;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.RemoteException;
import org.imagecache.failure.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * Moves a download's body to a {@link ChunkSink}: network chunks gathered (not copied) into batches,
 * a few batches in flight at once, the body paused while the sink falls behind. Counts bytes and
 * refuses any past the expected length, and a body that ends short of it.
 *
 * <p>A failure (of the body, of the sink, a wrong length) stops the body, tells the sink to drop what
 * it has not written, and is reported only once every batch in flight has completed: when the
 * download's future fails, nothing of it is still being written. All its state is touched on the
 * context that ran {@link #run()}.
 */
final class SinkPump {
  private static final int HIGH = 6;
  private static final int LOW = 2;
  /**
   * Bytes per batch: enough that a batch's overhead (two lane tasks, a future) is nothing beside its
   * bytes, small enough that the batches in flight of eight downloads stay a few MiB of heap.
   */
  static final int BATCH = 512 * 1024;
  /**
   * The last bytes of a body, during which it is never paused. Vert.x (5.0.12 and 5.1.10 alike) fails
   * a paused response with "Connection was closed" when the server closes the connection after the
   * last byte (HTTP/1.0, {@code Connection: close}) while the end still waits in the response's queue:
   * the bytes are received and then dropped. It reads ahead about 1.3 MiB of 64 KiB chunks past a
   * pause (measured), so a body is never paused while the rest of it could fit in that read-ahead.
   * Costs at most this much more heap per download, at its end, and only when the sink is behind.
   */
  static final long UNPAUSED_TAIL = 4L * 1024 * 1024;
  /**
   * How long bytes wait for their batch to fill: a slow body still reaches the file (and a mirror client
   * reading it as it arrives) within this of arriving. A fast one fills batches well inside it.
   */
  static final long LINGER_MILLIS = 200;

  private final ReadStream<Buffer> body;
  private final long expected;
  private final ChunkSink sink;
  private final RemoteException.Factory errors;
  private final Promise<Void> done = Promise.promise();
  private final Runnable abort;
  private @Nullable Context context;
  private long received;
  private int inFlight;
  private boolean ended;
  private boolean paused;
  private @Nullable Throwable failure;
  private List<Buffer> pending = new ArrayList<>();
  private long pendingBytes;
  private boolean lingering;

  SinkPump(ReadStream<Buffer> body, long expected, ChunkSink sink, RemoteException.Factory errors, Runnable abort) {
    this.body = body;
    this.expected = expected;
    this.sink = sink;
    this.errors = errors;
    this.abort = abort;
  }

  /** Starts pumping; call on the body's context. */
  Future<Void> run() {
    context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("a download's body is pumped on its Vert.x context");
    }
    body.handler(this::onChunk);
    body.endHandler(v -> onEnd());
    body.exceptionHandler(this::fail);
    return done.future();
  }

  /** The body's context, set by {@link #run()}, which starts everything that asks for it. */
  private Context context() {
    return Objects.requireNonNull(context, "the pump's context (run() not called)");
  }

  /** Fails the transfer (as the pump's own failure, in order) when the cancellation fires. */
  void stopOn(Cancellation cancel, String what) {
    cancel.onCancel(() -> context().runOnContext(v -> fail(cancel.failure(what))));
  }

  private void onChunk(Buffer chunk) {
    if (failure != null) {
      return;
    }
    received += chunk.length();
    if (received > expected) {
      fail(errors.sizeMismatch("more than the advertised " + expected + " bytes"));
      return;
    }
    sink.arrived(chunk.length());
    pending.add(chunk);
    pendingBytes += chunk.length();
    if (pendingBytes >= BATCH) {
      submitBatch();
    } else if (!lingering) {
      lingering = true;
      context().owner().setTimer(LINGER_MILLIS, id -> lingered());
    }
  }

  /** Bytes gathered a while ago and still short of a batch go as they are. */
  private void lingered() {
    lingering = false;
    if (failure == null && !ended && pendingBytes > 0) {
      submitBatch();
    }
  }

  /** Hands the gathered chunks to the sink, pausing the body when the sink falls behind. */
  private void submitBatch() {
    Batch batch = new Batch(pending, pendingBytes);
    pending = new ArrayList<>();
    pendingBytes = 0;
    inFlight++;
    if (inFlight >= HIGH && !paused && expected - received > UNPAUSED_TAIL) {
      paused = true;
      body.pause();
    }
    Future<Void> written;
    try {
      written = sink.write(batch);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(ar -> context().runOnContext(v -> afterWrite(ar.cause())));
  }

  private void afterWrite(@Nullable Throwable writeFailure) {
    inFlight--;
    if (writeFailure != null) {
      fail(writeFailure instanceof ImageCacheException ? writeFailure : local(writeFailure));
      return;
    }
    if (failure == null && paused && inFlight <= LOW) {
      paused = false;
      body.resume();
    }
    settle();
  }

  private void onEnd() {
    if (failure != null) {
      return;
    }
    ended = true;
    if (received < expected) {
      fail(errors.sizeMismatch("the body ended after " + received + " of " + expected + " bytes"));
      return;
    }
    if (pendingBytes > 0) {
      submitBatch();
    }
    settle();
  }

  /** Completes the download once nothing is in flight: failed if anything failed, else done. */
  private void settle() {
    if (inFlight > 0) {
      return;
    }
    if (failure != null) {
      done.tryFail(failure);
    } else if (ended) {
      done.tryComplete();
    }
  }

  /** The sink's own failure (our disk, our memory): never to be taken for the remote's. */
  private static ImageCacheException local(Throwable failure) {
    Throwable cause = failure instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
    return new StorageException("Failed writing the image store: " + cause, failure);
  }

  /** The first failure wins: the body stops, the sink drops what it has not written. */
  private void fail(Throwable e) {
    if (failure == null) {
      failure = e;
      pending = List.of();
      pendingBytes = 0;
      sink.abandon();
      abort.run();
    }
    settle();
  }
}

package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.imagecache.image.ImageCacheException;
import org.imagecache.image.StorageException;

/**
 * Moves a download's body from the event loop to a {@link ChunkSink} on a worker thread, a few chunks
 * in flight at once, pausing the body when the sink falls behind. Counts bytes and refuses any past the
 * expected length, and a body that ends short of it. All its state is touched on one event loop.
 */
final class SinkPump {
  private static final int HIGH = 8;
  private static final int LOW = 2;
  /** Network chunks are small (tens of KiB): they are gathered into batches of this size for the sink. */
  static final int BATCH = 1 << 20;

  private final ReadStream<Buffer> body;
  private final long expected;
  private final ChunkSink sink;
  private final WorkerExecutor worker;
  private final RemoteException.Factory errors;
  private final Promise<Void> done = Promise.promise();
  private final Runnable abort;
  private long received;
  private int inFlight;
  private boolean ended;
  private boolean paused;
  private Buffer batch = Buffer.buffer(BATCH);

  SinkPump(ReadStream<Buffer> body, long expected, ChunkSink sink, WorkerExecutor worker, RemoteException.Factory errors, Runnable abort) {
    this.body = body;
    this.expected = expected;
    this.sink = sink;
    this.worker = worker;
    this.errors = errors;
    this.abort = abort;
  }

  Future<Void> run() {
    body.handler(this::onChunk);
    body.endHandler(v -> onEnd());
    body.exceptionHandler(this::fail);
    return done.future();
  }

  private void onChunk(Buffer chunk) {
    if (done.future().isComplete()) {
      return;
    }
    received += chunk.length();
    if (received > expected) {
      fail(errors.sizeMismatch("more than the advertised " + expected + " bytes"));
      return;
    }
    sink.arrived(chunk.length());
    batch.appendBuffer(chunk);
    if (batch.length() >= BATCH) {
      submitBatch();
    }
  }

  /** Hands the gathered bytes to the sink on the worker, pausing the body when the sink falls behind. */
  private void submitBatch() {
    Buffer bytes = batch;
    batch = Buffer.buffer(BATCH);
    inFlight++;
    if (inFlight >= HIGH && !paused) {
      paused = true;
      body.pause();
    }
    worker.<Void>executeBlocking(() -> {
      sink.write(bytes);
      return null;
    }, true).onComplete(ar -> afterWrite(ar.cause()));
  }

  private void afterWrite(Throwable failure) {
    inFlight--;
    if (failure != null) {
      fail(failure instanceof ImageCacheException ? failure : local(failure));
      return;
    }
    if (paused && inFlight <= LOW) {
      paused = false;
      body.resume();
    }
    finishIfDone();
  }

  private void onEnd() {
    ended = true;
    if (received < expected) {
      fail(errors.sizeMismatch("the body ended after " + received + " of " + expected + " bytes"));
      return;
    }
    if (batch.length() > 0) {
      submitBatch();
    }
    finishIfDone();
  }

  private void finishIfDone() {
    if (ended && inFlight == 0) {
      done.tryComplete();
    }
  }

  /** The sink's own failure (our disk, our memory): never to be taken for the remote's. */
  private static ImageCacheException local(Throwable failure) {
    Throwable cause = failure instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
    return new StorageException("Failed writing the image store: " + cause, failure);
  }

  private void fail(Throwable e) {
    if (done.tryFail(e)) {
      abort.run();
    }
  }
}

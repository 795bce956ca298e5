package org.imagecache.mirror;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import org.imagecache.resolve.FileArrival;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a whole file to a mirror client while the download writes it: bytes are read back from the
 * download's temp file as they are written there (through Vert.x's file system, off the event loop),
 * and sent as fast as the client takes them, at most {@link #WINDOW} steps ahead of it. The last
 * byte goes only once the image has verified and the lookup has ended ({@code settled}: the record
 * written, the launch lease taken), so a download that proves wrong (or fails, or is not recorded)
 * cuts the connection before it: a client never gets a complete-looking wrong body, nor a whole one of
 * an image the cache does not keep. Until the first byte is
 * sent, anything else (the file was already in place, the download failed, the temp file went before
 * it was opened) is left to {@code notStreamed}, which answers from the lookup's outcome.
 *
 * <p>All its state is touched on the request's context; the file is read through Vert.x's file system
 * (off the event loop).
 */
final class ArrivingFileSender {
  private static final Logger LOG = LoggerFactory.getLogger(ArrivingFileSender.class);
  /** Bytes read back per step. */
  static final int CHUNK = 64 * 1024;
  /**
   * Steps written and not yet taken by the socket: a client that stops reading holds at most this many
   * steps of heap (128 KiB; 200 stalled clients hold 25 MiB). The write queue alone does not bound it
   * over TLS: measured, a stalled client held about 1 MiB of written buffers before it said full.
   */
  static final int WINDOW = 2;

  private final Context context;
  private final HttpServerResponse res;
  private final FileArrival arrival;
  private final long size;
  private final MirrorCounters.Endpoint count;
  private final Runnable notStreamed;
  private final Future<?> settled;
  private final Runnable listener;
  private @Nullable AsyncFile file;
  private long sent;
  private int writing;
  private boolean busy;
  private boolean finished;

  /**
   * @param settled the lookup's outcome: the last byte waits for it
   * @param notStreamed answers the request the ordinary way when nothing has been sent
   */
  ArrivingFileSender(Context context, HttpServerResponse res, FileArrival arrival, long size, MirrorCounters.Endpoint count,
      Future<?> settled, Runnable notStreamed) {
    this.settled = settled;
    this.context = context;
    this.res = res;
    this.arrival = arrival;
    this.size = size;
    this.count = count;
    this.notStreamed = notStreamed;
    this.listener = () -> context.runOnContext(v -> pump());
  }

  /** Starts sending; call on the request's context. */
  void start() {
    res.closeHandler(v -> stop());
    settled.onComplete(x -> listener.run());
    arrival.onChange(listener);
  }

  private void pump() {
    if (finished || busy) {
      return;
    }
    FileArrival.Progress p = arrival.progress();
    if (p.outcome() == FileArrival.Outcome.FAILED || settled.failed()) {
      abandon(settled.failed() ? "the lookup failed: " + settled.cause().getMessage() : "the download failed");
      return;
    }
    AsyncFile open = file;
    if (open == null) {
      if (p.outcome() == FileArrival.Outcome.VERIFIED) {
        leave(); // in place before this client began: sent as a held file
      } else if (p.file().isPresent()) {
        open(p.file().get());
      }
      return;
    }
    boolean whole = p.outcome() == FileArrival.Outcome.VERIFIED && settled.succeeded();
    long limit = whole ? size : Math.min(p.written(), size - 1);
    if (sent >= limit) {
      if (sent == size && whole) {
        end();
      }
      return;
    }
    if (writing >= WINDOW) {
      return; // the write that completes calls again
    }
    read(open, (int) Math.min(CHUNK, limit - sent));
  }

  private void open(Path temp) {
    busy = true;
    context.owner().fileSystem().open(temp.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            // moved into place or removed before it was opened: nothing was sent, the outcome decides
            abandon("its temp file went: " + ar.cause().getMessage());
          } else if (finished) {
            ar.result().close();
          } else {
            file = ar.result();
            pump();
          }
        });
  }

  private void read(AsyncFile from, int length) {
    busy = true;
    from.read(Buffer.buffer(length), 0, sent, length).onComplete(ar -> {
      busy = false;
      if (finished) {
        return;
      }
      if (ar.failed()) {
        abandon("reading it back failed: " + ar.cause().getMessage());
        return;
      }
      Buffer bytes = ar.result();
      sent += bytes.length();
      if (bytes.length() > 0) {
        if (!res.headWritten()) {
          res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(size));
        }
        writing++;
        res.write(bytes).onComplete(written -> {
          writing--;
          if (written.failed()) {
            stop(); // the client went: its close handler may not have run yet
          } else {
            pump();
          }
        });
      }
      pump();
    });
  }

  /** Before the first byte, the lookup's outcome answers; after it, the connection is cut. */
  private void abandon(String why) {
    if (!res.headWritten()) {
      leave();
      return;
    }
    LOG.debug("cutting a mirror client's transfer after {} of {} bytes: {}", sent, size, why);
    stop();
    res.reset();
  }

  /** Nothing was sent: the file in place (or the failure) is sent the ordinary way. */
  private void leave() {
    stop();
    res.closeHandler(null);
    notStreamed.run();
  }

  private void end() {
    stop();
    res.end();
    count.bytesServed.add(size);
  }

  private void stop() {
    if (finished) {
      return;
    }
    finished = true;
    arrival.removeListener(listener);
    AsyncFile open = file;
    if (open != null) {
      open.close();
    }
  }
}

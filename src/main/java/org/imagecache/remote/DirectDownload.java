package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.security.GeneralSecurityException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.Causes;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.RemoteException;
import org.jspecify.annotations.Nullable;

/**
 * An image file's GET read on its sink's own thread ({@link FileSink}): HTTP/1.1 on a blocking socket
 * of its own, the body read straight into the sink's buffer, which hashes and writes it there. No chunk
 * is handed to another thread, copied into the heap, or allocated per read, which is what the
 * download's CPU goes to with an event-loop client (see the README's Performance).
 *
 * <p>It keeps what {@link HttpTransport} does for a download: the redirect policy and the URL's
 * credentials for the remote's own origin only, the connection and head budgets, the body's idle
 * timeout and minimum rate (time in the sink excluded), the exact length, and the same failures, named
 * the same way. Each request has a connection of its own ({@code Connection: close}): an image file is
 * large enough that a handshake is nothing beside it. A watchdog on a Vert.x timer closes the socket
 * when a budget runs out or the download is cancelled, which fails the blocked read.
 */
final class DirectDownload {
  /** The most bytes a chunk's size line (or a trailer line) may take. */
  static final int CHUNK_LINE_BYTES = 4096;

  private final Vertx vertx;
  private final HttpTransport transport;
  private final RemoteConfig remote;
  private final Duration connectionTimeout;
  private final Duration headerTimeout;
  private @Nullable SSLContext tls;

  DirectDownload(Vertx vertx, HttpTransport transport, RemoteConfig remote, Duration connectionTimeout, Duration headerTimeout) {
    this.vertx = vertx;
    this.transport = transport;
    this.remote = remote;
    this.connectionTimeout = connectionTimeout;
    this.headerTimeout = headerTimeout;
  }

  /**
   * A client engine for the server at {@code address}: the JDK's default trust and the host checked
   * against its certificate, or, for a pinned remote, that one certificate whatever its names (as
   * {@link HttpTransport} sets up Vert.x's client); the host named in the handshake unless it is an
   * address.
   */
  private SSLEngine engine(InetSocketAddress address) throws IOException {
    String host = address.getHostString();
    SSLEngine engine = tls().createSSLEngine(host, address.getPort());
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    if (remote.certificate().isEmpty()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!host.contains(":") && !host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  private synchronized SSLContext tls() throws IOException {
    if (tls == null) {
      try {
        Optional<String> pin = remote.certificate();
        if (pin.isPresent()) {
          SSLContext pinned = SSLContext.getInstance("TLS");
          pinned.init(null, new TrustManager[] {new PinnedTrustManager(pin.get())}, null);
          tls = pinned;
        } else {
          tls = SSLContext.getDefault();
        }
      } catch (GeneralSecurityException e) {
        throw new IOException("no TLS context: " + e, e);
      }
    }
    return tls;
  }

  /** Downloads {@code uri} into the sink, on the sink's thread. */
  Future<Void> run(URI uri, String path, long expected, FileSink sink, Cancellation cancel) {
    return sink.receive(() -> {
      new Transfer(path, expected, sink, cancel).run(uri);
      return null;
    });
  }

  /** A body's bytes as its framing gives them. */
  private interface Body {
    /** At most {@code dst.remaining()} bytes into {@code dst}; -1 when no more come. */
    int read(ByteBuffer dst) throws IOException;

    /** After a -1: whether the body ended as its framing says, rather than with its connection cut short. */
    boolean endedAsFramed();
  }

  /** A body framed by its length, or by the end of its connection (no length given). */
  private record Plain(Wire wire, ResponseHead.Framing framing) implements Body {
    @Override
    public int read(ByteBuffer dst) throws IOException {
      return wire.read(dst);
    }

    @Override
    public boolean endedAsFramed() {
      return framing == ResponseHead.Framing.UNTIL_CLOSE;
    }
  }

  private final class Transfer {
    private final String path;
    private final long expected;
    private final FileSink sink;
    private final Cancellation cancel;
    private final RemoteException.Factory errors;
    private final TransferWatch watch;
    private final AtomicReference<@Nullable ImageCacheException> stopped = new AtomicReference<>();
    private volatile @Nullable SocketChannel channel;

    Transfer(String path, long expected, FileSink sink, Cancellation cancel) {
      this.path = path;
      this.expected = expected;
      this.sink = sink;
      this.cancel = cancel;
      this.errors = new RemoteException.Factory(remote.name(), path);
      this.watch = new TransferWatch(connectionTimeout, headerTimeout, remote.idleTimeout(), remote.minimumRate(), System.nanoTime());
    }

    void run(URI uri) throws Exception {
      long timer = vertx.setPeriodic(watch.checkEvery().toMillis(), id -> check());
      cancel.onCancel(() -> stop(cancel.failure("Download of " + path)));
      try {
        URI at = uri;
        for (int hops = 0; ; hops++) {
          try (Wire wire = connect(at)) {
            wire.send(request(at));
            watch.awaitingHead(System.nanoTime());
            ResponseHead head = ResponseHead.read(wire, HttpTransport.MAX_HEADER_BYTES);
            Optional<String> location = head.header("Location");
            if (HttpTransport.isRedirect(head.status()) && location.isPresent()) {
              at = transport.redirectTarget(path, at, location.get(), hops);
              continue;
            }
            receive(wire, head, at);
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        Throwable why = failure(e);
        throw why instanceof Exception ex ? ex : new IllegalStateException(why);
      } finally {
        vertx.cancelTimer(timer);
      }
    }

    private Wire connect(URI at) throws IOException {
      watch.connecting(System.nanoTime());
      String host = at.getHost() == null ? "" : at.getHost();
      InetSocketAddress address = new InetSocketAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
          at.getPort() != -1 ? at.getPort() : "https".equalsIgnoreCase(at.getScheme()) ? 443 : 80);
      if (address.isUnresolved()) {
        throw new UnknownHostException(host);
      }
      SocketChannel ch = SocketChannel.open();
      channel = ch;
      try {
        if (stopped.get() != null) {
          throw new IOException("stopped before connecting");
        }
        ch.socket().connect(address, (int) Math.max(1, connectionTimeout.toMillis()));
        if ("https".equalsIgnoreCase(at.getScheme())) {
          return new Wire(TlsChannel.open(ch, engine(address)));
        }
        return Wire.plain(ch);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    private byte[] request(URI at) {
      String target = (at.getRawPath() == null || at.getRawPath().isEmpty() ? "/" : at.getRawPath())
          + (at.getRawQuery() == null ? "" : "?" + at.getRawQuery());
      StringBuilder r = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
          .append("Host: ").append(at.getHost()).append(at.getPort() == -1 ? "" : ":" + at.getPort()).append("\r\n")
          .append("User-Agent: imagecache\r\n")
          .append("Accept-Encoding: identity\r\n")
          .append("Connection: close\r\n");
      transport.authorization(at).ifPresent(a -> r.append("Authorization: ").append(a).append("\r\n"));
      return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The answer: the body into the sink when it is the file, else the error it means. */
    private void receive(Wire wire, ResponseHead head, URI at) throws IOException, RemoteException {
      if (head.status() != 200) {
        throw transport.statusError(path, head.status(), at);
      }
      OptionalLong length = head.length();
      ResponseHead.Framing framing = head.framing();
      if (framing == ResponseHead.Framing.LENGTH && length.getAsLong() != expected) {
        throw errors.sizeMismatch("the server sends " + length.getAsLong() + " bytes, the catalog says " + expected);
      }
      Optional<String> coding = head.header("Content-Encoding").filter(c -> !c.equalsIgnoreCase("identity"));
      if (coding.isPresent()) {
        throw RemoteException.badAnswer(remote.name(), "remote_error", "Remote " + remote.name() + " sent " + path
            + " with Content-Encoding " + ImageCacheException.clip(coding.get()) + ", which was not asked for");
      }
      watch.body(System.nanoTime());
      Body body = switch (framing) {
        case LENGTH, UNTIL_CLOSE -> new Plain(wire, framing);
        case CHUNKED -> new Chunked(wire);
      };
      pump(wire, body);
      if (framing != ResponseHead.Framing.LENGTH && body.read(ByteBuffer.allocate(1)) >= 0) {
        throw errors.sizeMismatch("more than the advertised " + expected + " bytes");
      }
    }

    /** Reads the body into the sink until the expected bytes are in. */
    private void pump(Wire wire, Body body) throws IOException {
      long got = 0;
      while (got < expected) {
        ByteBuffer room = FileSink.call(sink::room);
        if (!room.hasRemaining()) {
          throw new IllegalStateException("the sink has no room for the " + (expected - got) + " bytes still to come");
        }
        int n = body.read(room);
        long now = System.nanoTime();
        if (n < 0 && body.endedAsFramed()) {
          throw errors.sizeMismatch("the body ended after " + got + " of " + expected + " bytes");
        }
        if (n < 0) {
          throw new java.net.SocketException("the connection was closed after " + got + " of " + expected + " bytes");
        }
        got += n;
        watch.received(n, now);
        sink.arrived(n);
        watch.intoSink(now);
        FileSink.run(() -> sink.filled(n));
        if (wire.caughtUp()) {
          FileSink.run(sink::caughtUp);
        }
        watch.outOfSink(System.nanoTime());
      }
    }

    private void check() {
      watch.check(System.nanoTime()).ifPresent(v -> stop(timeout(v)));
    }

    private RemoteException timeout(TransferWatch.Verdict v) {
      if (v instanceof TransferWatch.Verdict.Stalled) {
        return transport.stalled(path);
      }
      if (v instanceof TransferWatch.Verdict.TooSlow t) {
        return transport.tooSlow(path, t.bytes());
      }
      String what = v instanceof TransferWatch.Verdict.NotConnected c ? "no connection within " + c.budget().toMillis() + " ms"
          : "no answer within " + ((TransferWatch.Verdict.NoHead) v).budget().toMillis() + " ms";
      return RemoteException.timeout(remote.name(), "Remote " + remote.name() + " timed out on " + path + ": " + what, null);
    }

    /** Stops the transfer for a reason (the first one given wins): its socket is closed, which fails a blocked read. */
    private void stop(ImageCacheException why) {
      if (stopped.compareAndSet(null, why)) {
        SocketChannel ch = channel;
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException e) {
            // closing is all that was asked
          }
        }
      }
    }

    private Throwable failure(Exception e) {
      ImageCacheException why = stopped.get();
      if (why != null) {
        return why;
      }
      if (e instanceof ImageCacheException own) {
        return own;
      }
      if (e instanceof Wire.LineTooLongException) {
        return RemoteException.badAnswer(remote.name(), "remote_error", "Remote " + remote.name() + " answered " + path
            + " with a response head over " + HttpTransport.MAX_HEADER_BYTES / 1024 + " KiB: " + e.getMessage());
      }
      if (e instanceof ResponseHead.MalformedException) {
        return RemoteException.badAnswer(remote.name(), "remote_error", "Remote " + remote.name() + " answered " + path
            + " with " + e.getMessage());
      }
      if (e instanceof SocketTimeoutException) {
        return RemoteException.timeout(remote.name(), "Remote " + remote.name() + " timed out on " + path + ": connecting took over "
            + connectionTimeout.toMillis() + " ms", e);
      }
      if (e instanceof EOFException) {
        return RemoteException.unavailable(remote.name(), "Remote " + remote.name() + " is unreachable (" + path + "): "
            + Causes.rootMessage(e), e);
      }
      return transport.classify(path, e);
    }
  }

  /** A chunked body (RFC 9112, section 7.1): each chunk's bytes straight into the buffer, its framing read through the wire's lines. */
  private static final class Chunked implements Body {
    private final Wire wire;
    private long left;
    private boolean started;
    private boolean ended;

    Chunked(Wire wire) {
      this.wire = wire;
    }

    @Override
    public boolean endedAsFramed() {
      return ended;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      try {
        if (ended || (left == 0 && !nextChunk())) {
          return -1;
        }
      } catch (EOFException e) {
        return -1; // cut short: the caller counts the bytes
      }
      int limit = dst.limit();
      if (dst.remaining() > left) {
        dst.limit(dst.position() + (int) left);
      }
      int n = wire.read(dst);
      dst.limit(limit);
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    /** Reads the next chunk's size line; false at the last chunk (its trailers read too). */
    private boolean nextChunk() throws IOException {
      if (started && !wire.line(CHUNK_LINE_BYTES).isEmpty()) {
        throw new ResponseHead.MalformedException("a chunk not followed by its line end");
      }
      started = true;
      String line = wire.line(CHUNK_LINE_BYTES);
      int semicolon = line.indexOf(';');
      String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
      if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new ResponseHead.MalformedException("a chunk size that is not a hexadecimal number: " + ImageCacheException.clip(line));
      }
      left = Long.parseLong(hex, 16);
      if (left == 0) {
        while (!wire.line(CHUNK_LINE_BYTES).isEmpty()) {
          // trailers are not used
        }
        ended = true;
        return false;
      }
      return true;
    }
  }
}

package org.imagecache.remote;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over a blocking socket, read by the thread that uses it: the JDK's {@link SSLEngine} decrypts
 * each record straight into the reader's buffer when it has room for a whole record, else into a
 * small buffer of its own that the next reads drain. Not thread-safe; closing it from another thread
 * closes the socket, which fails a blocked read.
 */
final class TlsChannel implements Wire.Channel {
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
  private final SocketChannel socket;
  private final SSLEngine engine;
  /** Bytes from the socket not yet decrypted (write mode: filled from the socket, flipped to unwrap). */
  private final ByteBuffer netIn;
  private final ByteBuffer netOut;
  /** Decrypted bytes the reader's buffer had no room for (read mode). */
  private final ByteBuffer plain;
  private final InputStream arriving;

  private TlsChannel(SocketChannel socket, SSLEngine engine) throws IOException {
    this.socket = socket;
    this.arriving = socket.socket().getInputStream();
    this.engine = engine;
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocateDirect(packet);
    this.netOut = ByteBuffer.allocateDirect(packet);
    this.plain = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize()).flip();
  }

  /** Shakes hands over the connected socket: the engine's trust and host checks decide whether it goes on. */
  static TlsChannel open(SocketChannel socket, SSLEngine engine) throws IOException {
    TlsChannel tls = new TlsChannel(socket, engine);
    engine.beginHandshake();
    tls.handshake();
    return tls;
  }

  private void handshake() throws IOException {
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_WRAP -> wrap(NOTHING);
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (unwrap(plain.compact()) < 0) {
            plain.flip();
            throw new EOFException("the connection ended during the TLS handshake");
          }
          plain.flip();
        }
        case NEED_TASK -> runTasks();
        default -> {
          return;
        }
      }
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    while (true) {
      if (plain.hasRemaining()) {
        return Wire.move(plain, dst);
      }
      boolean direct = dst.remaining() >= engine.getSession().getApplicationBufferSize();
      ByteBuffer into = direct ? dst : plain.clear();
      int produced = unwrap(into);
      if (!direct) {
        plain.flip();
      }
      if (produced < 0) {
        return -1;
      }
      if (produced > 0 && direct) {
        return produced;
      }
      if (engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
          && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.FINISHED) {
        handshake(); // a renegotiation or a TLS 1.3 key update
      }
    }
  }

  /**
   * Decrypts what the socket brings into {@code into} (write mode), reading the socket when a whole
   * record has not come yet.
   *
   * @return the bytes produced (0 for a record that carried none, a handshake message), or -1 at the end
   */
  private int unwrap(ByteBuffer into) throws IOException {
    while (true) {
      netIn.flip();
      SSLEngineResult r;
      try {
        r = engine.unwrap(netIn, into);
      } finally {
        netIn.compact();
      }
      switch (r.getStatus()) {
        case OK -> {
          if (r.bytesProduced() > 0 || r.bytesConsumed() > 0) {
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
              runTasks();
            }
            return r.bytesProduced();
          }
        }
        case CLOSED -> {
          return -1;
        }
        case BUFFER_OVERFLOW -> throw new SSLException("a TLS record larger than the session's buffers");
        case BUFFER_UNDERFLOW -> { }
        default -> throw new SSLException("unexpected TLS state " + r.getStatus());
      }
      if (socket.read(netIn) < 0) {
        return -1;
      }
    }
  }

  private void wrap(ByteBuffer src) throws IOException {
    netOut.clear();
    SSLEngineResult r = engine.wrap(src, netOut);
    if (r.getStatus() != SSLEngineResult.Status.OK) {
      throw new SSLException("the TLS connection closed while sending (" + r.getStatus() + ")");
    }
    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      runTasks();
    }
    netOut.flip();
    while (netOut.hasRemaining()) {
      socket.write(netOut);
    }
  }

  private void runTasks() {
    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = src.remaining();
    while (src.hasRemaining()) {
      wrap(src);
    }
    return n;
  }

  /** Decrypted bytes waiting, else bytes of records not yet decrypted, else what the socket holds. */
  @Override
  public int pending() throws IOException {
    return plain.remaining() + netIn.position() + arriving.available();
  }

  @Override
  public SocketChannel socket() {
    return socket;
  }
}

package org.imagecache.remote;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * One HTTP/1.1 connection read by the thread that uses it: lines of a response head or of a chunked
 * body's framing, and body bytes, which go straight from the channel into the caller's buffer. Bytes
 * read past a line wait in a small buffer and are handed out first. Not thread-safe; closing it from
 * another thread (a watchdog) makes a blocked read fail.
 */
final class Wire implements AutoCloseable {
  /** What a read for framing brings in at most; body bytes that come with it are copied out of it once. */
  static final int AHEAD_BYTES = 16 * 1024;
  private final Channel channel;
  private final ByteBuffer ahead = ByteBuffer.allocateDirect(AHEAD_BYTES).flip();

  /** What a wire reads: a socket, or TLS over one. */
  interface Channel extends ByteChannel {
    /** Bytes that a read could take now without waiting (an estimate that may be low, never high but for 0). */
    int pending() throws IOException;

    /** The socket underneath, which closing closes. */
    SocketChannel socket();

    @Override
    default boolean isOpen() {
      return socket().isOpen();
    }

    @Override
    default void close() throws IOException {
      socket().close();
    }
  }

  Wire(Channel channel) {
    this.channel = channel;
  }

  /** A plain socket's wire. */
  static Wire plain(SocketChannel socket) throws IOException {
    InputStream in = socket.socket().getInputStream();
    return new Wire(new Channel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
      }

      @Override
      public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
      }

      @Override
      public SocketChannel socket() {
        return socket;
      }

      @Override
      public int pending() throws IOException {
        return in.available();
      }
    });
  }

  /** Whether every byte that has come was read: the next read waits for the sender. */
  boolean caughtUp() throws IOException {
    return !ahead.hasRemaining() && channel.pending() == 0;
  }

  /** Writes every byte. */
  void send(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /**
   * The next line, without its CRLF (or bare LF), as ISO-8859-1 text.
   *
   * @param budget the most bytes the line may take, its end included
   * @throws LineTooLongException when it has not ended within the budget
   * @throws EOFException when the connection ends before the line does
   */
  String line(int budget) throws IOException {
    StringBuilder text = new StringBuilder();
    int taken = 0;
    while (true) {
      if (!ahead.hasRemaining()) {
        fill();
      }
      byte b = ahead.get();
      if (++taken > budget) {
        throw new LineTooLongException(taken);
      }
      if (b == '\n') {
        int end = text.length();
        return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
      }
      text.append((char) (b & 0xff));
    }
  }

  /**
   * Reads at most {@code dst.remaining()} bytes into {@code dst}: those waiting from a line's read first,
   * else straight from the channel. Blocks until at least one byte comes.
   *
   * @return the bytes read, or -1 when the connection has ended
   */
  int read(ByteBuffer dst) throws IOException {
    return ahead.hasRemaining() ? move(ahead, dst) : channel.read(dst);
  }

  /** Moves as many bytes as fit from {@code from} to {@code to} (both advanced); returns how many. */
  static int move(ByteBuffer from, ByteBuffer to) {
    int n = Math.min(from.remaining(), to.remaining());
    to.put(to.position(), from, from.position(), n);
    to.position(to.position() + n);
    from.position(from.position() + n);
    return n;
  }

  private void fill() throws IOException {
    ahead.clear();
    int n = channel.read(ahead);
    ahead.flip();
    if (n < 0) {
      throw new EOFException("the connection ended");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** A head line or a chunk's framing longer than it may be. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(int bytes) {
      super("a line over " + (bytes - 1) + " bytes");
    }
  }
}

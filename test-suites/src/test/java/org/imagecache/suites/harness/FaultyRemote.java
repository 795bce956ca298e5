package org.imagecache.suites.harness;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simplestreams remote that misbehaves on demand: a raw-socket HTTP/1.1 server on 127.0.0.1 (port
 * 0) serving the files of a stream directory, one request per connection ({@code Connection: close}),
 * where the test switches a {@link Fault} on for the paths ending with a given suffix. Raw sockets,
 * not an HTTP library, because the faults are exactly what a library would not let us do: reset a
 * connection mid-body, say one length and send another, stall after the headers, send 200 KiB of
 * headers.
 *
 * <p>A stalled connection is held open (reading until the client gives up) until {@link #close()}.
 */
public final class FaultyRemote implements AutoCloseable {
  /** What the server does, instead of serving the file, for a path the fault is switched on for. */
  public enum Fault {
    /** Content-Length of the file, half the body, then a TCP reset (SO_LINGER 0 and close). */
    RESET_MID_BODY,
    /** Reads the request and answers nothing at all (slow loris). */
    STALL_BEFORE_HEADERS,
    /** Headers and half the body, then nothing. */
    STALL_MID_BODY,
    /** Headers, then the body 16 bytes every 200 ms (80 B/s): never idle, never done. */
    TRICKLE,
    /** Content-Length of the whole file (honest), half the body, then a clean close (FIN). */
    TRUNCATE_CLOSE,
    /** Content-Length and body both 100 bytes short of the file: a consistent, lying answer. */
    TRUNCATE_SHORT_LENGTH,
    /** The file and 100 more bytes, chunked (no Content-Length): only counting the body can tell. */
    EXTRA_BYTES_CHUNKED,
    /** Content-Length and body both the file plus 100 bytes. */
    EXTRA_BYTES_LENGTH,
    /** The file with the bits of its middle byte flipped: same size, wrong SHA-256. */
    FLIP_BYTE,
    /** 404 Not Found, as if the file the catalog lists were gone. */
    NOT_FOUND,
    /** 302 to the same URL, forever. */
    REDIRECT_SELF,
    /** 302 from A to B ({@code A?hop}) and from B back to A. */
    REDIRECT_PING_PONG,
    /** The file, behind one response header of 200 KiB. */
    HUGE_HEADER,
    /** A products document of 100 MiB, generated while it is sent (chunked; nothing on disk). */
    HUGE_PRODUCTS
  }

  /** One request: its path, the fault it met (null: served as is), the status and body bytes sent. */
  public record Access(String path, Fault fault, int status, long bodyBytes) {}

  public static final int HUGE_HEADER_BYTES = 200 * 1024;
  public static final long HUGE_PRODUCTS_BYTES = 100L * 1024 * 1024;
  private static final int EXTRA = 100;
  private static final int MAX_REQUEST_HEAD = 64 * 1024;

  private final Path root;
  private final ServerSocket server;
  private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-remote");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, byte[]> replaced = new ConcurrentHashMap<>();
  private final List<Access> log = new CopyOnWriteArrayList<>();
  private final Map<Fault, AtomicLong> met = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private FaultyRemote(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "faulty-remote-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Serves the stream under {@code root}, healthy until a fault is switched on. */
  public static FaultyRemote serve(Path root) throws IOException {
    return new FaultyRemote(root);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** From now on, answers every request whose path ends with {@code suffix} with this fault. */
  public void inject(String suffix, Fault fault) {
    faults.put(suffix, fault);
  }

  /** Serves these bytes instead of the file at {@code path} (relative to the root) until {@link #healthy()}. */
  public void replace(String path, byte[] body) {
    replaced.put(path, body.clone());
  }

  /** No fault and no replaced body any more: every path is served as it is on disk. */
  public void healthy() {
    faults.clear();
    replaced.clear();
  }

  public List<Access> log() {
    return List.copyOf(log);
  }

  /** Requests that met this fault so far (counted when the fault is chosen, before it is answered). */
  public long hits(Fault fault) {
    AtomicLong n = met.get(fault);
    return n == null ? 0 : n.get();
  }

  /** Requests for a path ending with the suffix that were answered 200 (whatever their body), so far. */
  public long served(String suffix) {
    return log.stream().filter(a -> a.status() == 200 && a.path().endsWith(suffix)).count();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        open.add(s);
        connections.execute(() -> handle(s));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("FaultyRemote: accept failed: " + e);
        }
      }
    }
  }

  private void handle(Socket s) {
    String path = null;
    Fault fault = null;
    long[] sent = {0};
    int status = 0;
    try (s) {
      s.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String target = readRequestTarget(in);
      String rawPath = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
      fault = faultFor(path);
      if (fault != null) {
        met.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
      }
      status = answer(s, in, target, path, fault, sent);
    } catch (IOException e) {
      // the client went away (or we reset it on purpose): nothing to answer any more
    } finally {
      open.remove(s);
      if (path != null) {
        log.add(new Access(path, fault, status, sent[0]));
      }
    }
  }

  private Fault faultFor(String path) {
    return faults.entrySet().stream().filter(e -> path.endsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** Answers one request; returns the status sent (0 when none was). */
  private int answer(Socket s, InputStream in, String target, String path, Fault fault, long[] sent) throws IOException {
    OutputStream out = s.getOutputStream();
    if (fault == Fault.STALL_BEFORE_HEADERS) {
      holdUntilClientLeaves(in);
      return 0;
    }
    if (fault == Fault.REDIRECT_SELF || fault == Fault.REDIRECT_PING_PONG) {
      String to = fault == Fault.REDIRECT_SELF || target.contains("?hop") ? "/" + path : "/" + path + "?hop";
      head(out, 302, "Found", 0, "Location: " + url() + to + "\r\n");
      return 302;
    }
    if (fault == Fault.HUGE_PRODUCTS) {
      head(out, 200, "OK", -1, "");
      sent[0] = hugeProducts(out);
      return 200;
    }
    byte[] body = bodyOf(path);
    if (body == null || fault == Fault.NOT_FOUND) {
      head(out, 404, "Not Found", 0, "");
      return 404;
    }
    if (fault == null) {
      head(out, 200, "OK", body.length, "");
      sent[0] = write(out, body, body.length);
      return 200;
    }
    int half = body.length / 2;
    switch (fault) {
      case RESET_MID_BODY -> {
        head(out, 200, "OK", body.length, "");
        sent[0] = write(out, body, half);
        s.setSoLinger(true, 0);
      }
      case STALL_MID_BODY -> {
        head(out, 200, "OK", body.length, "");
        sent[0] = write(out, body, half);
        holdUntilClientLeaves(in);
      }
      case TRICKLE -> {
        head(out, 200, "OK", body.length, "");
        sent[0] = trickle(out, body);
      }
      case TRUNCATE_CLOSE -> {
        head(out, 200, "OK", body.length, "");
        sent[0] = write(out, body, half);
        s.shutdownOutput();
      }
      case TRUNCATE_SHORT_LENGTH -> {
        head(out, 200, "OK", body.length - EXTRA, "");
        sent[0] = write(out, body, body.length - EXTRA);
      }
      case EXTRA_BYTES_CHUNKED -> {
        head(out, 200, "OK", -1, "");
        sent[0] = chunk(out, Arrays.copyOf(body, body.length + EXTRA));
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      case EXTRA_BYTES_LENGTH -> {
        head(out, 200, "OK", body.length + EXTRA, "");
        sent[0] = write(out, Arrays.copyOf(body, body.length + EXTRA), body.length + EXTRA);
      }
      case HUGE_HEADER -> {
        head(out, 200, "OK", body.length, "X-Padding: " + "a".repeat(HUGE_HEADER_BYTES) + "\r\n");
        sent[0] = write(out, body, body.length);
      }
      case FLIP_BYTE -> {
        byte[] flipped = body.clone();
        flipped[half] ^= (byte) 0xff;
        head(out, 200, "OK", flipped.length, "");
        sent[0] = write(out, flipped, flipped.length);
      }
      default -> throw new IllegalStateException("fault answered above: " + fault);
    }
    out.flush();
    return 200;
  }

  private byte[] bodyOf(String path) throws IOException {
    byte[] r = replaced.get(path);
    if (r != null) {
      return r;
    }
    Path file = root.resolve(path).normalize();
    return file.startsWith(root) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  /** Reads the request line and headers; returns the request target (path and query). */
  private static String readRequestTarget(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0 || head.size() > MAX_REQUEST_HEAD) {
        throw new IOException("no complete request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String requestLine = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    String[] parts = requestLine.split(" ");
    if (parts.length < 3) {
      throw new IOException("bad request line: " + requestLine);
    }
    return parts[1];
  }

  /** Status line and headers; {@code length} -1 means chunked. */
  private static void head(OutputStream out, int status, String text, long length, String extraHeaders) throws IOException {
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(text).append("\r\n")
        .append("Content-Type: application/octet-stream\r\n")
        .append("Connection: close\r\n")
        .append(extraHeaders);
    h.append(length < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
    h.append("\r\n");
    out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static long write(OutputStream out, byte[] body, int n) throws IOException {
    out.write(body, 0, n);
    out.flush();
    return n;
  }

  private static long chunk(OutputStream out, byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return bytes.length;
  }

  /**
   * A syntactically plausible products document of {@link #HUGE_PRODUCTS_BYTES}, product after product,
   * written in 64 KiB chunks as it is generated; stops early (IOException) when the client hangs up.
   */
  private static long hugeProducts(OutputStream out) throws IOException {
    long sent = chunk(out, "{\"content_id\":\"images\",\"datatype\":\"image-downloads\",\"format\":\"products:1.0\",\"products\":{"
        .getBytes(StandardCharsets.US_ASCII));
    StringBuilder batch = new StringBuilder(70_000);
    for (long i = 0; sent < HUGE_PRODUCTS_BYTES; i++) {
      batch.append(i == 0 ? "" : ",").append("\"testos:pad").append(i).append(":amd64:default\":{\"aliases\":\"pad/").append(i)
          .append("\",\"arch\":\"amd64\",\"os\":\"testos\",\"release\":\"pad").append(i).append("\",\"versions\":{}}");
      if (batch.length() >= 64 * 1024) {
        sent += chunk(out, batch.toString().getBytes(StandardCharsets.US_ASCII));
        batch.setLength(0);
      }
    }
    sent += chunk(out, batch.append("}}").toString().getBytes(StandardCharsets.US_ASCII));
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return sent;
  }

  /** Sends nothing more; reads (and drops) until the client closes the connection or we are closed. */
  /** 16 bytes every 200 ms until the client leaves (the write fails) or the body is all sent. */
  private static long trickle(OutputStream out, byte[] body) throws IOException {
    long sent = 0;
    try {
      for (int at = 0; at < body.length; at += 16) {
        out.write(body, at, Math.min(16, body.length - at));
        out.flush();
        sent += Math.min(16, body.length - at);
        Thread.sleep(200);
      }
    } catch (IOException e) {
      // the client gave up on the trickle: what was sent counts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sent;
  }

  private static void holdUntilClientLeaves(InputStream in) throws IOException {
    byte[] drain = new byte[1024];
    while (in.read(drain) >= 0) {
      // a client may send nothing more; read blocks until it closes (or the 60 s socket timeout)
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    connections.shutdownNow();
  }
}

package org.imagecache.suites.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simplestreams remote for the suites: a real HTTP server on loopback serving the files of a
 * directory, with an access log, and switchable to answer 500 for everything or only for paths with a
 * given suffix. (The JDK's own server: the suites import nothing from imagecache.)
 */
public final class StreamServer implements AutoCloseable {
  /** One request: method, path, status, and the Authorization header it carried (or null). */
  public record Access(String method, String path, int status, String authorization) {}

  private volatile Path root;
  private final HttpServer server;
  private final AtomicLong bodyBytes = new AtomicLong();
  /** When the first body bytes of each path were flushed to a client (the first request's). */
  private final java.util.Map<String, java.time.Instant> firstBytes = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile long bytesPerSecond;
  private final List<Access> log = new CopyOnWriteArrayList<>();
  private volatile int failStatus;
  private volatile String failSuffix = "";
  private volatile String heldSuffix;
  private volatile CountDownLatch held = new CountDownLatch(0);

  private StreamServer(Path root, javax.net.ssl.SSLContext tls) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      this.server = HttpServer.create(address, 64);
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      this.server = https;
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
  }

  public static StreamServer serve(Path root) throws IOException {
    return new StreamServer(root, null);
  }

  /** The same over HTTPS, with this server context (a certificate of a {@link TestCa}). */
  public static StreamServer serveTls(Path root, javax.net.ssl.SSLContext tls) throws IOException {
    return new StreamServer(root, tls);
  }

  public String url() {
    return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code status} to every request whose path ends with the suffix ("" = all). */
  public void failWith(int status, String suffix) {
    this.failSuffix = suffix;
    this.failStatus = status;
  }

  /**
   * Holds every request whose path ends with the suffix, before it is answered, until {@link
   * #release()} (or a minute passes): a download that is certainly still running.
   */
  public void hold(String suffix) {
    this.held = new CountDownLatch(1);
    this.heldSuffix = suffix;
  }

  /** Lets held requests, and those to come, be answered. */
  public void release() {
    held.countDown();
  }

  /** Serves file bodies at most this fast per request (0 = unlimited), so a download can be caught mid-way. */
  public void throttle(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Serves another directory from now on (e.g. a stream with a newer version). */
  public void serveFrom(Path newRoot) {
    this.root = newRoot.toAbsolutePath().normalize();
  }

  /** When the first body bytes of a path ending with the suffix were sent (flushed, when throttled), if they were. */
  public java.util.Optional<java.time.Instant> firstBytesSent(String suffix) {
    return firstBytes.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(java.util.Map.Entry::getValue).findFirst();
  }

  /** File body bytes written to clients so far. */
  public long bodyBytesSent() {
    return bodyBytes.get();
  }

  public void healthy() {
    this.failStatus = 0;
  }

  public List<Access> log() {
    return List.copyOf(log);
  }

  public void clearLog() {
    log.clear();
  }

  /** How many times a path ending with the suffix was served with 200. */
  public long served(String suffix) {
    return log.stream().filter(a -> a.status() == 200 && a.path().endsWith(suffix)).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    Path root = this.root;
    try (ex) {
      if (heldSuffix != null && path.endsWith(heldSuffix)) {
        awaitRelease();
      }
      if (failStatus != 0 && path.endsWith(failSuffix)) {
        respond(ex, path, failStatus, null);
        return;
      }
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        respond(ex, path, 404, null);
        return;
      }
      respond(ex, path, 200, file);
    }
  }

  private void awaitRelease() throws IOException {
    try {
      if (!held.await(60, TimeUnit.SECONDS)) {
        throw new IOException("held for a minute without a release");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while held", e);
    }
  }

  private void respond(HttpExchange ex, String path, int status, Path file) throws IOException {
    log.add(new Access(ex.getRequestMethod(), path, status, ex.getRequestHeaders().getFirst("Authorization")));
    if (file == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, Files.size(file));
    try (InputStream in = Files.newInputStream(file); OutputStream out = ex.getResponseBody()) {
      byte[] buf = new byte[64 * 1024];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        long rate = bytesPerSecond;
        if (rate > 0) {
          out.flush();
        }
        firstBytes.putIfAbsent(path, java.time.Instant.now());
        bodyBytes.addAndGet(n);
        if (rate > 0) {
          try {
            Thread.sleep(Math.max(1, n * 1000L / rate));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while throttling", e);
          }
        }
      }
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  /** Stops the server (once; closing again does nothing). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release();
      server.stop(0);
    }
  }
}

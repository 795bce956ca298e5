package org.imagecache.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simplestreams server for component tests: a real Vert.x {@link HttpServer} on 127.0.0.1, port 0,
 * serving the files under a root directory (for example one written by {@code StreamGenerator}),
 * with an access log, ETag/Last-Modified validators (304 on a match), and faults switchable at
 * runtime for all paths ({@code server.failWith(500)}) or for paths ending with a suffix
 * ({@code server.paths("images.json").corrupt()}). The longest matching suffix wins;
 * {@link #healthy()} clears every fault.
 *
 * <p>Body faults: {@code resetAfter(n)} advertises the real Content-Length, sends n bytes and closes
 * the connection; {@code stallAfter(n)} advertises the real Content-Length, sends n bytes and then
 * nothing more, holding the connection open; {@code truncateAfter(n)} sends n bytes chunked (no Content-Length) and ends the
 * response cleanly, so the client sees a complete but short body; {@code extraBytes(n)} sends the
 * whole file plus n bytes chunked (no Content-Length; the ETag still names the real size), so only a
 * size or hash check can notice; {@code chunked()} sends the file unchanged but chunked;
 * {@code corrupt()} flips one byte in the middle, same size.
 */
public final class FakeStreamsServer implements AutoCloseable {
  /**
   * One request: what was asked, and what was answered (status 0 for a request left hanging).
   *
   * @param conditional the conditional headers the request carried ({@code If-None-Match},
   *     {@code If-Modified-Since}), comma-separated, or "" for an unconditional request
   */
  public record Access(String method, String path, int status, long bytes, String conditional) {}

  private enum Kind { NONE, STATUS, HANG, RESET, STALL, TRUNCATE, EXTRA, CHUNKED, CORRUPT, REDIRECT_LOOP, REDIRECT, HUGE_HEADERS, THROTTLE, CLOSE, CLOSE_REUSED }

  private record Fault(Kind kind, long amount, String target) {
    Fault(Kind kind, long amount) {
      this(kind, amount, null);
    }
  }

  private record Doc(byte[] bytes, String etag, Instant modified) {}

  private static final Fault NO_FAULT = new Fault(Kind.NONE, 0);
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final Vertx vertx;
  private final String scheme;
  private final List<Access> log = new CopyOnWriteArrayList<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
  private final Faults allPaths = new Faults("");
  private final Set<HttpConnection> connectionsServed = ConcurrentHashMap.newKeySet();
  private volatile Path root;
  private volatile boolean etags = true;
  private HttpServer server;

  private FakeStreamsServer(Vertx vertx, Path root, String scheme) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath().normalize();
    this.scheme = scheme;
  }

  /** Serves {@code root} over HTTP on 127.0.0.1, port 0. Call from a test thread, not an event loop. */
  public static FakeStreamsServer start(Vertx vertx, Path root) {
    return start(vertx, root, new HttpServerOptions());
  }

  /** As {@link #start(Vertx, Path)}, with server options (for example TLS with a key store). */
  public static FakeStreamsServer start(Vertx vertx, Path root, HttpServerOptions options) {
    FakeStreamsServer fake = new FakeStreamsServer(vertx, root, options.isSsl() ? "https" : "http");
    fake.server = vertx.createHttpServer(options).requestHandler(fake::handle).listen(0, "127.0.0.1").await();
    return fake;
  }

  /** {@code http://127.0.0.1:PORT/} */
  public String baseUrl() {
    return scheme + "://127.0.0.1:" + server.actualPort() + "/";
  }

  /**
   * Sends no ETag from now on, only Last-Modified, and answers If-Modified-Since with 304 for any file
   * not newer than the date (as Python's {@code http.server} and Apache do).
   */
  public void withoutEtags() {
    etags = false;
  }

  /** Serves another directory from now on (simulates the remote publishing new content). */
  public void root(Path newRoot) {
    root = newRoot.toAbsolutePath().normalize();
  }

  public List<Access> log() {
    return List.copyOf(log);
  }

  /** How many requests for a path ending with {@code pathSuffix} were answered 200. */
  public int served(String pathSuffix) {
    return (int) log.stream().filter(a -> a.status() == 200 && a.path().endsWith(pathSuffix)).count();
  }

  public void clearLog() {
    log.clear();
  }

  /** Faults for the paths ending with {@code suffix} only. */
  public Faults paths(String suffix) {
    return new Faults(suffix);
  }

  public void healthy() {
    faults.clear();
  }

  public void failWith(int status) {
    allPaths.failWith(status);
  }

  public void hang() {
    allPaths.hang();
  }

  public void resetAfter(long bytes) {
    allPaths.resetAfter(bytes);
  }

  public void truncateAfter(long bytes) {
    allPaths.truncateAfter(bytes);
  }

  public void stallAfter(long bytes) {
    allPaths.stallAfter(bytes);
  }

  public void extraBytes(int n) {
    allPaths.extraBytes(n);
  }

  public void chunked() {
    allPaths.chunked();
  }

  public void corrupt() {
    allPaths.corrupt();
  }

  public void redirectLoop() {
    allPaths.redirectLoop();
  }

  /** Answers 302 with {@code Location: <base><the request's path without its leading slash>}. */
  public void redirectTo(String base) {
    allPaths.redirectTo(base);
  }

  public void hugeHeaders(int kib) {
    allPaths.hugeHeaders(kib);
  }

  /** Closes the connection of every request without an answer. */
  public void closeWithoutAnswer() {
    allPaths.closeWithoutAnswer();
  }

  /**
   * Closes, without an answer, a request that arrives on a connection that served one before: what a
   * server does when its keep-alive timer fires as the client's next request goes out.
   */
  public void closeReusedConnections() {
    allPaths.closeReusedConnections();
  }

  public void throttle(long bytesPerSecond) {
    allPaths.throttle(bytesPerSecond);
  }

  /** The faults of one set of paths; each call replaces the previous fault of that set. */
  public final class Faults {
    private final String suffix;

    private Faults(String suffix) {
      this.suffix = suffix;
    }

    public void failWith(int status) { set(Kind.STATUS, status); }
    public void hang() { set(Kind.HANG, 0); }
    public void resetAfter(long bytes) { set(Kind.RESET, bytes); }
    public void truncateAfter(long bytes) { set(Kind.TRUNCATE, bytes); }
    public void stallAfter(long bytes) { set(Kind.STALL, bytes); }
    public void extraBytes(int n) { set(Kind.EXTRA, n); }
    public void chunked() { set(Kind.CHUNKED, 0); }
    public void corrupt() { set(Kind.CORRUPT, 0); }
    public void redirectLoop() { set(Kind.REDIRECT_LOOP, 0); }
    /** No fault for these paths, whatever a shorter suffix says. */
    public void none() { set(Kind.NONE, 0); }
    public void redirectTo(String base) { faults.put(suffix, new Fault(Kind.REDIRECT, 0, base)); }
    public void hugeHeaders(int kib) { set(Kind.HUGE_HEADERS, kib); }
    public void throttle(long bytesPerSecond) { set(Kind.THROTTLE, bytesPerSecond); }
    public void closeWithoutAnswer() { set(Kind.CLOSE, 0); }
    public void closeReusedConnections() { set(Kind.CLOSE_REUSED, 0); }

    private void set(Kind kind, long amount) {
      faults.put(suffix, new Fault(kind, amount));
    }
  }

  private Fault faultFor(String path) {
    return faults.entrySet().stream()
        .filter(e -> path.endsWith(e.getKey()))
        .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
        .map(Map.Entry::getValue)
        .orElse(NO_FAULT);
  }

  /** Runs the action when a request for a path with this suffix arrives, before it is answered. */
  public void onRequest(String suffix, Runnable action) {
    hooks.put(suffix, action);
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    hooks.forEach((suffix, action) -> {
      if (path.endsWith(suffix)) {
        action.run();
      }
    });
    Fault fault = faultFor(path);
    boolean reused = !connectionsServed.add(req.connection());
    if (fault.kind() == Kind.CLOSE || (fault.kind() == Kind.CLOSE_REUSED && reused)) {
      log.add(access(req, 0, 0));
      req.connection().close();
      return;
    }
    switch (fault.kind()) {
      case HANG -> log.add(access(req, 0, 0));
      case STATUS -> send(req, (int) fault.amount(), Buffer.buffer("fault: HTTP " + fault.amount()));
      case REDIRECT_LOOP -> {
        req.response().putHeader("Location", req.uri());
        send(req, 302, Buffer.buffer());
      }
      case REDIRECT -> {
        req.response().putHeader("Location", fault.target() + req.uri().replaceFirst("^/+", ""));
        send(req, 302, Buffer.buffer());
      }
      default -> vertx.executeBlocking(() -> read(path), false).onComplete(ar -> {
        if (ar.failed() || ar.result() == null) {
          send(req, 404, Buffer.buffer("no such file: " + path));
        } else {
          serve(req, ar.result(), fault);
        }
      });
    }
  }

  /** The file at a request path under the root, or null when there is none (or it leaves the root). */
  private Doc read(String requestPath) throws Exception {
    Path base = root;
    String relative = URLDecoder.decode(requestPath.replace("+", "%2B"), StandardCharsets.UTF_8).replaceFirst("^/+", "");
    Path file = base.resolve(relative).normalize();
    if (!file.startsWith(base) || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      String etag = "\"" + Long.toHexString(bytes.length) + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
      return new Doc(bytes, etag, modified);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private void serve(HttpServerRequest req, Doc doc, Fault fault) {
    HttpServerResponse resp = req.response()
        .putHeader("Last-Modified", HTTP_DATE.format(ZonedDateTime.ofInstant(doc.modified(), ZoneOffset.UTC)));
    if (etags) {
      resp.putHeader("ETag", doc.etag());
    }
    if (notModified(req, doc)) {
      send(req, 304, null);
      return;
    }
    Buffer body = Buffer.buffer(doc.bytes());
    int cut = (int) Math.min(fault.amount(), body.length());
    switch (fault.kind()) {
      case HUGE_HEADERS -> {
        resp.putHeader("X-Padding", "x".repeat((int) fault.amount() * 1024));
        send(req, 200, body);
      }
      case CORRUPT -> {
        int at = body.length() / 2;
        body.setByte(at, (byte) (body.getByte(at) ^ 0x01));
        send(req, 200, body);
      }
      case CHUNKED, TRUNCATE, EXTRA -> {
        Buffer sent = fault.kind() == Kind.TRUNCATE ? body.slice(0, cut)
            : fault.kind() == Kind.EXTRA ? body.copy().appendBuffer(Buffer.buffer("x".repeat((int) fault.amount()))) : body;
        log.add(access(req, 200, sent.length()));
        resp.setChunked(true).end(sent);
      }
      case RESET -> {
        log.add(access(req, 200, cut));
        resp.putHeader("Content-Length", String.valueOf(body.length()))
            .write(body.slice(0, cut))
            .onComplete(v -> req.connection().close());
      }
      case STALL -> {
        log.add(access(req, 200, cut));
        resp.putHeader("Content-Length", String.valueOf(body.length())).write(body.slice(0, cut));
      }
      case THROTTLE -> {
        log.add(access(req, 200, body.length()));
        resp.putHeader("Content-Length", String.valueOf(body.length()));
        trickle(resp, body, 0, Math.max(1, fault.amount() / 10));
      }
      default -> send(req, 200, body);
    }
  }

  private boolean notModified(HttpServerRequest req, Doc doc) {
    String ifNoneMatch = req.getHeader("If-None-Match");
    if (ifNoneMatch != null && etags) {
      return ifNoneMatch.contains(doc.etag()) || ifNoneMatch.trim().equals("*");
    }
    String ifModifiedSince = req.getHeader("If-Modified-Since");
    if (ifModifiedSince == null) {
      return false;
    }
    try {
      Instant since = ZonedDateTime.parse(ifModifiedSince, HTTP_DATE).toInstant();
      return doc.modified().getEpochSecond() <= since.getEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Sends a tenth of the rate every 100 ms. */
  private void trickle(HttpServerResponse resp, Buffer body, int from, long step) {
    if (resp.closed()) {
      return;
    }
    int to = (int) Math.min(body.length(), from + step);
    if (to >= body.length()) {
      resp.end(body.slice(from, to));
      return;
    }
    resp.write(body.slice(from, to));
    vertx.setTimer(100, id -> trickle(resp, body, to, step));
  }

  private static Access access(HttpServerRequest req, int status, long bytes) {
    List<String> conditional = new java.util.ArrayList<>();
    for (String h : List.of("If-None-Match", "If-Modified-Since")) {
      if (req.getHeader(h) != null) {
        conditional.add(h);
      }
    }
    return new Access(req.method().name(), req.path(), status, bytes, String.join(",", conditional));
  }

  /** Logs the answer first, so a test that has its response also sees it in the log. */
  private void send(HttpServerRequest req, int status, Buffer body) {
    log.add(access(req, status, body == null ? 0 : body.length()));
    HttpServerResponse resp = req.response().setStatusCode(status);
    if (body == null) {
      resp.end();
    } else {
      resp.end(body);
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}

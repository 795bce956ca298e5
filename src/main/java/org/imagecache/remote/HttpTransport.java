package org.imagecache.remote;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeoutException;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.Causes;
import org.imagecache.failure.DocumentTooLargeException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.RemoteException;
import org.imagecache.failure.RemoteFileMissingException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a remote over HTTP or HTTPS: catalog documents with Vert.x's client (connect and idle
 * timeouts, a bounded number of redirects, bodies bounded while they stream in, conditional requests,
 * pooled connections), image files with a {@link DirectDownload} on the sink's own thread; both under
 * the same redirect policy, budgets and optional certificate pin.
 */
public final class HttpTransport implements Transport {
  static final int MAX_REDIRECTS = 5;
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /**
   * The largest body chunk the client hands on (Netty's HTTP decoder slices reads to it; Vert.x's
   * default is 8 KiB): a read's worth at once, eight times fewer chunks per document.
   */
  static final int MAX_CHUNK_BYTES = 64 * 1024;
  /** How often a GET goes again after a reused connection was found closed before any answer. */
  static final int STALE_CONNECTION_RETRIES = 3;

  private final Vertx vertx;
  private final RemoteConfig remote;
  private final URI base;
  private final HttpClient client;
  private final RedirectPolicy redirects;
  private final @Nullable String basicAuth;
  /** The connections that carried a request already: a failure on one of them may be a stale connection. */
  private final Set<HttpConnection> connectionsUsed = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

  private final java.time.Duration headerTimeout;
  private final java.time.Duration connectionTimeout;
  private final DirectDownload direct;

  public HttpTransport(Vertx vertx, RemoteConfig remote) {
    this(vertx, remote, remote.idleTimeout(), remote.connectTimeout());
  }

  /**
   * A mirror's: TCP connect within {@code failover.connect()} (the remote config's connect timeout),
   * the response's head within {@code failover.headers()}, a body's stall the config's idle timeout; a
   * request may wait for a connection (TCP and the TLS handshake, or a pooled one) for connect and head
   * budgets together, so that a cold TLS handshake on a loaded machine does not count as a dead mirror.
   */
  public static HttpTransport forMirror(Vertx vertx, RemoteConfig mirror, RemoteConfig.Failover failover) {
    return new HttpTransport(vertx, mirror, failover.headers(), failover.connect().plus(failover.headers()));
  }

  private HttpTransport(Vertx vertx, RemoteConfig remote, java.time.Duration headerTimeout, java.time.Duration connectionTimeout) {
    this.headerTimeout = headerTimeout;
    this.connectionTimeout = connectionTimeout;
    this.basicAuth = remote.credentials()
        .map(c -> "Basic " + java.util.Base64.getEncoder().encodeToString(c.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .orElse(null);
    this.redirects = new RedirectPolicy(remote.publicUrl(), remote.allowRedirectsTo());
    this.vertx = vertx;
    this.remote = remote;
    this.base = remote.baseUrl();
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) remote.connectTimeout().toMillis())
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setMaxChunkSize(MAX_CHUNK_BYTES)
        .setKeepAlive(true)
        .setDecompressionSupported(true);
    remote.certificate().ifPresent(pin -> options
        .setTrustOptions(TrustOptions.wrap(new PinnedTrustManager(pin)))
        .setVerifyHost(false));
    this.client = vertx.createHttpClient(options);
    this.direct = new DirectDownload(vertx, this, remote, connectionTimeout, headerTimeout);
  }

  @Override
  public Future<Fetched> fetch(String path, Fetched.Validators previous, long maxBytes) {
    return onContext(() -> fetchOnContext(path, previous, maxBytes));
  }

  /**
   * Runs a request from a Vert.x context: called off one, the response could end before the body
   * handlers are set ("Response already ended"); on a context its callbacks run in order.
   */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> request) {
    return onContext(vertx, request);
  }

  static <T> Future<T> onContext(Vertx vertx, java.util.function.Supplier<Future<T>> request) {
    if (Vertx.currentContext() != null) {
      return request.get();
    }
    Promise<T> done = Promise.promise();
    vertx.runOnContext(v -> request.get().onComplete(done));
    return done.future();
  }

  private Future<Fetched> fetchOnContext(String path, Fetched.Validators previous, long maxBytes) {
    URI uri;
    try {
      uri = RemotePaths.resolve(remote.name(), base, path);
    } catch (RemoteException e) {
      return Future.failedFuture(e);
    }
    RequestOptions req = requestOptions();
    // only a strong ETag makes the request conditional: If-Modified-Since asks "newer than", which an
    // older document (a rollback, an rsync that kept the upstream's mtimes) or one rewritten within the
    // same second passes as "not modified"
    String etag = previous.strongEtag();
    if (etag != null) {
      req.putHeader("If-None-Match", etag);
    }
    return send(path, req, uri, null, 0)
        .compose(resp -> answer(path, resp, maxBytes, etag != null))
        .recover(e -> Future.failedFuture(classify(path, e)));
  }

  /** A GET with the remote's timeouts; redirects are followed by {@link #send}, under the redirect policy. */
  private RequestOptions requestOptions() {
    return new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setFollowRedirects(false)
        .setIdleTimeout(headerTimeout.toMillis())
        // also bounds the wait for a pooled connection: a pool held by stuck transfers fails, not hangs
        .setConnectTimeout(connectionTimeout.toMillis());
  }

  /**
   * Sends the request to {@code uri} and follows redirects while the policy allows them (the same
   * origin, or one {@code allow_redirects_to} lists; never https to http), at most
   * {@link #MAX_REDIRECTS}; the certificate pin applies to every hop, as it is the client's.
   */
  private Future<HttpClientResponse> send(String path, RequestOptions req, URI uri, @Nullable Cancellation cancel, int hops) {
    req.setAbsoluteURI(uri.toString());
    Optional<String> authorization = authorization(uri);
    if (authorization.isPresent()) {
      req.putHeader("Authorization", authorization.get());
    } else {
      req.removeHeader("Authorization");
    }
    return exchange(req, cancel, 0)
        .compose(resp -> {
          String location = resp.getHeader("Location");
          if (!isRedirect(resp.statusCode()) || location == null) {
            return Future.succeededFuture(resp);
          }
          resp.request().reset();
          URI next;
          try {
            next = redirectTarget(path, uri, location, hops);
          } catch (RemoteException e) {
            return Future.failedFuture(e);
          }
          return send(path, req, next, cancel, hops + 1);
        });
  }

  /** The Authorization a request to {@code uri} carries: the URL's credentials go to the remote's own origin only, never along a redirect elsewhere. */
  Optional<String> authorization(URI uri) {
    return basicAuth != null && RedirectPolicy.Origin.of(uri).equals(RedirectPolicy.Origin.of(base)) ? Optional.of(basicAuth) : Optional.empty();
  }

  /**
   * Where a redirect from {@code uri} to {@code location} leads, when the policy allows it (the same
   * origin, or one {@code allow_redirects_to} lists; never https to http) and it is at most the
   * {@link #MAX_REDIRECTS}th ({@code hops} were followed before it).
   *
   * @throws RemoteException {@code remote_redirect_loop} or {@code redirect_refused}
   */
  URI redirectTarget(String path, URI uri, String location, int hops) throws RemoteException {
    if (hops >= MAX_REDIRECTS) {
      throw RemoteException.badAnswer(remote.name(), "remote_redirect_loop",
          "Remote " + remote.name() + " redirected " + path + " more than " + MAX_REDIRECTS + " times (last at " + uri.getAuthority() + ")");
    }
    URI next;
    try {
      next = uri.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw RemoteException.badAnswer(remote.name(), "redirect_refused",
          "Remote " + remote.name() + " (" + uri.getAuthority() + ") redirected " + path + " to an invalid URL: "
              + org.imagecache.failure.ImageCacheException.clip(location));
    }
    Optional<String> refusal = redirects.refusal(uri, next);
    if (refusal.isPresent()) {
      throw RemoteException.badAnswer(remote.name(), "redirect_refused",
          "Remote " + remote.name() + " (" + uri.getAuthority() + ") redirected " + path + " " + refusal.get());
    }
    return next;
  }

  /**
   * One request and its response head. A pooled connection the server closed while it sat idle (its
   * keep-alive timer firing as the request went out) fails the request before any answer; the request
   * is a GET, so it goes again, as Go's and curl's clients do, on another connection, at most
   * {@link #STALE_CONNECTION_RETRIES} times. A failure on a connection's first request is the server's
   * answer and is not retried.
   */
  private Future<HttpClientResponse> exchange(RequestOptions req, @Nullable Cancellation cancel, int retries) {
    return client.request(req).compose(r -> {
      if (cancel != null) {
        cancel.onCancel(r::reset);
      }
      boolean reused = !connectionsUsed.add(r.connection());
      return r.send().recover(e -> {
        boolean stale = reused && isClosedConnection(e) && retries < STALE_CONNECTION_RETRIES
            && (cancel == null || !cancel.isCancelled());
        return stale ? exchange(req, cancel, retries + 1) : Future.failedFuture(e);
      });
    });
  }

  private static boolean isClosedConnection(Throwable e) {
    return e instanceof HttpClosedException || e instanceof java.io.IOException;
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  @Override
  public Future<Void> download(String path, long expectedBytes, FileSink sink, Cancellation cancel) {
    return onContext(() -> downloadOnContext(path, expectedBytes, sink, cancel));
  }

  private Future<Void> downloadOnContext(String path, long expectedBytes, FileSink sink, Cancellation cancel) {
    URI uri;
    try {
      uri = RemotePaths.resolve(remote.name(), base, path);
    } catch (RemoteException e) {
      return Future.failedFuture(e);
    }
    return direct.run(uri, path, expectedBytes, sink, cancel)
        .recover(e -> Future.failedFuture(cancel.isCancelled() ? cancel.failure("Download of " + path) : classify(path, e)));
  }

  private Future<Fetched> answer(String path, HttpClientResponse resp, long maxBytes, boolean conditional) {
    int status = resp.statusCode();
    if (status == 304 && conditional) {
      return Future.succeededFuture(new Fetched(path, null, resp.getHeader("ETag")));
    }
    if (status == 304) {
      resp.request().reset();
      return Future.failedFuture(RemoteException.badAnswer(remote.name(), "remote_error",
          "Remote " + remote.name() + " answered 304 (not modified) to an unconditional request for " + path));
    }
    if (status != 200) {
      resp.request().reset();
      return Future.failedFuture(statusError(path, resp));
    }
    String length = resp.getHeader("Content-Length");
    if (length != null && parseLong(length) > maxBytes) {
      resp.request().reset();
      return Future.failedFuture(tooLarge(path, maxBytes));
    }
    return readBounded(resp, path, maxBytes)
        .map(bytes -> new Fetched(path, bytes, resp.getHeader("ETag")));
  }

  /**
   * The whole body, refused as soon as it passes {@code maxBytes}. The chunks are kept as they come and
   * joined once at the end: a buffer grown to the bound would need ever larger contiguous arrays (and a
   * copy each time), which a 64 MiB document past the bound turned into minutes of GC under -Xmx256m.
   */
  private Future<byte[]> readBounded(HttpClientResponse resp, String path, long maxBytes) {
    Promise<byte[]> done = Promise.promise();
    List<byte[]> chunks = new ArrayList<>();
    long[] total = {0};
    IdleTimeoutBody body = watchBody(path, resp);
    body.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      Throwable refused = null;
      if (total[0] + chunk.length() > maxBytes) {
        refused = tooLarge(path, maxBytes);
      } else {
        try {
          chunks.add(chunk.getBytes());
          total[0] += chunk.length();
        } catch (RuntimeException | OutOfMemoryError e) {
          refused = e; // the fetch fails instead of never completing
        }
      }
      if (refused != null) {
        chunks.clear();
        body.stop();
        done.tryFail(refused);
        resp.request().reset();
      }
    });
    body.exceptionHandler(done::tryFail);
    body.endHandler(v -> done.tryComplete(join(chunks, (int) total[0])));
    return done.future();
  }

  private static byte[] join(List<byte[]> chunks, int size) {
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }

  /** The request's idle timeout covers the wait for the head only; this covers the body. */
  private IdleTimeoutBody watchBody(String path, HttpClientResponse resp) {
    return IdleTimeoutBody.watch(vertx, resp, remote.idleTimeout(), () -> stalled(path), remote.minimumRate(), bytes -> tooSlow(path, bytes));
  }

  /** A body that brought no byte for the idle timeout. */
  RemoteException stalled(String path) {
    return RemoteException.timeout(remote.name(),
        "Remote " + remote.name() + " timed out on " + path + ": no byte for " + remote.idleTimeout().toMillis() + " ms", null);
  }

  /** A body whose window brought fewer than the minimum rate's bytes. */
  RemoteException tooSlow(String path, long bytes) {
    RemoteConfig.MinimumRate rate = remote.minimumRate();
    return RemoteException.timeout(remote.name(), "Remote " + remote.name() + " is too slow on " + path + ": "
        + bytes + " bytes in " + rate.window().toSeconds() + " s, under the minimum of " + rate.bytesPerSecond()
        + " bytes a second (remotes." + remote.name() + ".min_transfer_rate)", null);
  }

  /** An error answer, naming the host that gave it when a redirect led away from the remote's own. */
  private RemoteException statusError(String path, HttpClientResponse resp) {
    URI answered;
    try {
      answered = URI.create(resp.request().absoluteURI());
    } catch (RuntimeException e) {
      answered = base;
    }
    return statusError(path, resp.statusCode(), answered);
  }

  /** An error answer from {@code answered}, named when a redirect led away from the remote's own host. */
  RemoteException statusError(String path, int status, URI answered) {
    String from = RedirectPolicy.Origin.of(answered).equals(RedirectPolicy.Origin.of(base)) ? "" : " (at " + answered.getAuthority() + ")";
    if (status == 404 || status == 410) {
      return new RemoteFileMissingException(remote.name(), "Remote " + remote.name() + from + " has no " + path + " (HTTP " + status + ")");
    }
    if (status >= 300 && status < 400) {
      return RemoteException.badAnswer(remote.name(), "remote_error",
          "Remote " + remote.name() + from + " answered HTTP " + status + " without a Location for " + path);
    }
    return RemoteException.badAnswer(remote.name(), "remote_error",
        "Remote " + remote.name() + from + " answered HTTP " + status + " for " + path);
  }

  private RemoteException tooLarge(String path, long maxBytes) {
    return new DocumentTooLargeException(remote.name(), "Remote " + remote.name() + ": " + path + " is larger than the bound of " + maxBytes + " bytes");
  }

  /**
   * Maps a transport failure to a RemoteException that names the remote and the cause; imagecache's
   * own failures (a sink's verification error, a cancel) pass through as they are.
   */
  Throwable classify(String path, Throwable e) {
    if (e instanceof ImageCacheException) {
      return e;
    }
    if (hasCause(e, CertificateException.class)) {
      return RemoteException.badAnswer(remote.name(), "certificate_mismatch",
          "Remote " + remote.name() + ": TLS certificate refused: " + Causes.rootMessage(e));
    }
    if (hasCause(e, TooLongFrameException.class)) {
      // the remote answered, with a status line or headers over the client's bound: a bad answer
      // (502), not an unreachable remote, even though the client drops the connection over it
      return RemoteException.badAnswer(remote.name(), "remote_error",
          "Remote " + remote.name() + " answered " + path + " with a response head over " + MAX_HEADER_BYTES / 1024 + " KiB: " + Causes.rootMessage(e));
    }
    // the request's idle timeout (Vert.x's NoStackTraceTimeoutException) and the connect timeout (Netty's)
    if (hasCause(e, TimeoutException.class) || hasCause(e, ConnectTimeoutException.class)) {
      return RemoteException.timeout(remote.name(), "Remote " + remote.name() + " timed out on " + path + ": " + Causes.rootMessage(e), e);
    }
    return RemoteException.unavailable(remote.name(), "Remote " + remote.name() + " is unreachable (" + path + "): " + Causes.rootMessage(e), e);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    return Causes.any(e, type::isInstance);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

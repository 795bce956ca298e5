package org.imagecache.mirror;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.util.List;
import org.imagecache.api.ErrorMapper;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.remote.simplestreams.MirrorStream;
import org.imagecache.resolve.ListingBook;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's requests: GET and HEAD of an endpoint's index, its products file and its files; 404 with
 * a plain body for anything it does not serve, 405 for other methods. Documents carry a strong ETag and
 * answer {@code If-None-Match} with 304; a products file served protects what it lists from prune and
 * auto-update for two hours ({@link ListingBook}): LXD keeps it an hour, then asks for its files; files are immutable (their path is their hash), carry their
 * SHA-256 as ETag and honour one byte {@code Range}. A whole file whose image is being downloaded is
 * sent as it arrives ({@link ArrivingFileSender}); a range of it waits for the verified file.
 */
public final class MirrorHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorHandler.class);
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /** Documents change with the catalog: a client revalidates (cheaply, with the ETag) every time. */
  static final String REVALIDATE = "no-cache";
  /**
   * A file's read step over TLS (under G1's humongous size in a 1 MiB region); the response queues two
   * before the reads pause, so that one is read while the other is encrypted and sent.
   */
  static final int TLS_READ_STEP = 256 * 1024;

  private final MirrorEndpoints endpoints;
  private final MirrorFiles files;
  private final MirrorCounters counters;
  private final ListingBook listings;
  private final PeerFiles peers;
  /** What the peer path sent (not one of the endpoints: the members' traffic is not the clients'). */
  private final MirrorCounters.Endpoint peerCount = new MirrorCounters().of(MirrorPath.TIER);

  public MirrorHandler(MirrorEndpoints endpoints, MirrorFiles files, MirrorCounters counters, ListingBook listings, PeerFiles peers) {
    this.peers = peers;
    this.endpoints = endpoints;
    this.files = files;
    this.counters = counters;
    this.listings = listings;
  }

  @Override
  public void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      res.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      plain(res, 405, "method not allowed: the mirror is read-only (GET, HEAD)");
      return;
    }
    MirrorPath.Target target = MirrorPath.parse(req.path());
    target.remote().filter(endpoints::serves).ifPresent(remote -> counters.of(remote).requests.increment());
    if (target instanceof MirrorPath.Refused refused) {
      plain(res, refused.status(), refused.reason());
    } else if (target instanceof MirrorPath.Index index) {
      endpoints.stream(index.endpoint()).onComplete(ar -> {
        if (ar.succeeded()) {
          document(req, ar.result().index());
        } else {
          failed(res, ar.cause());
        }
      });
    } else if (target instanceof MirrorPath.Products products) {
      endpoints.stream(products.endpoint()).onComplete(ar -> {
        if (ar.failed()) {
          failed(res, ar.cause());
        } else if (ar.result().productsPath().equals("streams/v1/" + products.name())) {
          MirrorStream.Document doc = ar.result().products();
          listings.listing(doc.etag(), ar.result().fingerprints()).onComplete(recorded -> document(req, doc));
        } else {
          plain(res, 404, "no such document");
        }
      });
    } else if (target instanceof MirrorPath.PeerFile peerFile) {
      peer(req, peerFile);
    } else {
      file(req, (MirrorPath.FileRequest) target);
    }
  }

  private static void document(HttpServerRequest req, MirrorStream.Document doc) {
    HttpServerResponse res = req.response();
    res.putHeader(HttpHeaders.ETAG, doc.etag()).putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE);
    if (matches(req.getHeader(HttpHeaders.IF_NONE_MATCH), doc.etag())) {
      res.setStatusCode(304).end();
      return;
    }
    res.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (req.method() == HttpMethod.HEAD) {
      res.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(doc.bytes().length)).end();
    } else {
      res.end(Buffer.buffer(doc.bytes()));
    }
  }

  /** {@code If-None-Match}: {@code *}, or a list of ETags compared weakly (RFC 9110 13.1.2). */
  static boolean matches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    if (ifNoneMatch.trim().equals("*")) {
      return true;
    }
    for (String tag : List.of(ifNoneMatch.split(","))) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private void file(HttpServerRequest req, MirrorPath.FileRequest wanted) {
    HttpServerResponse res = req.response();
    endpoints.stream(wanted.endpoint()).onComplete(ar -> {
      if (ar.failed()) {
        failed(res, ar.cause());
        return;
      }
      List<MirrorStream.File> candidates = ar.result().file(wanted.sha256(), wanted.basename());
      if (candidates.isEmpty()) {
        plain(res, 404, "no such file");
        return;
      }
      MirrorStream.File file = candidates.get(0);
      String etag = '"' + file.sha256() + '"';
      res.putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
          .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes").putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
      if (matches(req.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
        res.setStatusCode(304).end();
        return;
      }
      ByteRange range = rangeOf(req, etag, file.size());
      if (req.method() == HttpMethod.HEAD) {
        head(res, range);
        return;
      }
      MirrorCounters.Endpoint count = counters.of(wanted.endpoint());
      Context context = Vertx.currentContext();
      files.open(wanted.endpoint(), file).onComplete(opened -> {
        if (opened.failed()) {
          failed(res, opened.cause());
          return;
        }
        MirrorFiles.Source source = opened.result();
        Runnable whenHeld = () -> source.held().onComplete(held -> {
          if (held.failed()) {
            failed(res, held.cause());
          } else {
            send(req, context, held.result(), range, count);
          }
        });
        if (source.arrival().isPresent() && range instanceof ByteRange.Whole && context != null) {
          new ArrivingFileSender(context, res, source.arrival().get(), file.size(), count, source.held(), whenHeld).start();
        } else {
          whenHeld.run();
        }
      });
    });
  }

  /** A file of this member's store for another member of its tier, the whole of it, as it arrives or held. */
  private void peer(HttpServerRequest req, MirrorPath.PeerFile wanted) {
    HttpServerResponse res = req.response();
    if (!peers.enabled()) {
      plain(res, 404, "no such path");
      return;
    }
    if (!peers.admits(req.getHeader(HttpHeaders.AUTHORIZATION))) {
      res.putHeader("WWW-Authenticate", "Basic realm=\"imagecache tier\"");
      plain(res, 401, "the peer path wants the tier's secret");
      return;
    }
    Context context = Vertx.currentContext();
    peers.open(wanted).onComplete(opened -> {
      if (opened.failed()) {
        failed(res, opened.cause());
        return;
      }
      PeerFiles.Sending sending = opened.result();
      ByteRange.Whole whole = new ByteRange.Whole(sending.size());
      res.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream").putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      if (req.method() == HttpMethod.HEAD) {
        head(res, whole);
        return;
      }
      MirrorFiles.Source source = sending.source();
      Runnable whenHeld = () -> source.held().onComplete(held -> {
        if (held.failed()) {
          failed(res, held.cause());
        } else {
          send(req, context, held.result(), whole, peerCount);
        }
      });
      if (source.arrival().isPresent() && context != null) {
        new ArrivingFileSender(context, res, source.arrival().get(), sending.size(), peerCount, source.held(), whenHeld).start();
      } else {
        whenHeld.run();
      }
    });
  }

  /** The range asked for; none (the whole file) when an {@code If-Range} names another version. */
  private static ByteRange rangeOf(HttpServerRequest req, String etag, long size) {
    String ifRange = req.getHeader("If-Range");
    if (ifRange != null && !ifRange.trim().equals(etag)) {
      return new ByteRange.Whole(size);
    }
    return ByteRange.of(req.getHeader("Range"), size);
  }

  private static void head(HttpServerResponse res, ByteRange range) {
    if (range instanceof ByteRange.Unsatisfiable none) {
      res.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, none.contentRange()).end();
    } else if (range instanceof ByteRange.Part part) {
      res.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, part.contentRange())
          .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(part.length())).end();
    } else {
      res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(((ByteRange.Whole) range).size())).end();
    }
  }

  private static void send(HttpServerRequest req, @Nullable Context context, Path path, ByteRange range, MirrorCounters.Endpoint count) {
    HttpServerResponse res = req.response();
    long first;
    long length;
    if (range instanceof ByteRange.Unsatisfiable none) {
      res.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, none.contentRange()).end();
      return;
    } else if (range instanceof ByteRange.Part part) {
      res.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, part.contentRange());
      first = part.first();
      length = part.length();
    } else {
      first = 0;
      length = ((ByteRange.Whole) range).size();
    }
    Future<Void> sent = req.isSSL() && context != null ? pipe(context, res, path, first, length)
        : res.sendFile(path.toString(), first, length);
    sent.onSuccess(x -> count.bytesServed.add(length)).onFailure(e -> {
      LOG.debug("sending {} to a mirror client failed: {}", path, e.toString());
      res.reset();
    });
  }

  /**
   * A file over TLS: read in {@link #TLS_READ_STEP} steps off the event loop and piped to the
   * response, which pauses the reads while the connection is behind. Not {@code sendFile}: once bytes
   * must be encrypted, Vert.x hands the file to Netty's {@code ChunkedWriteHandler}, which goes on
   * writing for as long as the socket takes bytes, so a fast client held its event loop for a whole
   * image and every other connection on that loop waited (the fleet's hosts gave up on their site
   * mirror at their 5 s header timeout and went to the upstream). Plain HTTP keeps {@code sendFile}:
   * the kernel's sendfile, which Netty does a bounded number of times per turn of the loop.
   */
  private static Future<Void> pipe(Context context, HttpServerResponse res, Path path, long first, long length) {
    res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).setWriteQueueMaxSize(2 * TLS_READ_STEP);
    Promise<Void> sent = Promise.promise();
    context.runOnContext(v -> context.owner().fileSystem().open(path.toString(), new OpenOptions().setRead(true))
        .compose(file -> file.setReadPos(first).setReadLength(length).setReadBufferSize(TLS_READ_STEP)
            .pipe().endOnFailure(false).to(res)
            .andThen(done -> file.close()))
        .onComplete(sent));
    return sent.future();
  }

  private static void failed(HttpServerResponse res, Throwable cause) {
    if (cause instanceof ImageCacheException e) {
      int status = ErrorMapper.statusOf(e);
      // an upstream's fault was logged by the pull-through it failed (MirrorFiles): once
      if (status >= 500 && !ImageCacheException.isRemoteFault(e)) {
        LOG.warn("mirror request failed: {} ({})", ErrorMapper.messageOf(e), e.reason());
      }
      plain(res, status, e.reason() + ": " + ErrorMapper.messageOf(e));
    } else {
      LOG.error("mirror request failed", cause);
      plain(res, 500, "internal error");
    }
  }

  private static void plain(HttpServerResponse res, int status, String body) {
    if (res.headWritten()) {
      res.reset();
      return;
    }
    res.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body + "\n");
  }
}

package org.imagecache.api;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.imagecache.failure.ImageCacheException;

/**
 * Refuses a request whose body framing is ambiguous, before anything reads it: a
 * {@code Transfer-Encoding} other than exactly {@code chunked} (RFC 9112 section 6.3: {@code gzip},
 * {@code identity}, {@code xchunked}, {@code chunked;q=1}, a list), or one given together with a
 * {@code Content-Length}. The HTTP decoder reads such a request as having no body, and its body would
 * then run as a second request on the same connection (request smuggling); so the answer is a 400 and
 * the connection closes, leaving nothing after it to be read as a request.
 */
final class RequestFraming implements Handler<RoutingContext> {
  static final String REASON = "invalid_transfer_encoding";

  /**
   * Connections answered with this refusal: the decoder may already hold the smuggled request, which
   * the server would hand over once the refusal's answer ends; it is dropped unread, and so is
   * anything else that arrives before the connection is closed.
   */
  private final Set<HttpConnection> refused = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  @Override
  public void handle(RoutingContext ctx) {
    HttpConnection conn = ctx.request().connection();
    if (refused.contains(conn)) {
      conn.close();
      return;
    }
    Optional<String> refusal = refusal(ctx.request().headers());
    if (refusal.isEmpty()) {
      ctx.next();
      return;
    }
    // held weakly: the connection's close handler belongs to the connection guard
    refused.add(conn);
    ctx.response().putHeader("Connection", "close");
    Envelope.error(ctx, 400, refusal.get(), REASON).onComplete(x -> conn.close());
  }

  /**
   * Why a request's framing is refused, or empty when it is not: the decision without the connection,
   * shared with the HTTP decoder's own refusal (Netty 4.2 refuses a final coding other than chunked
   * before any handler runs, and the answer must say the same as this one).
   */
  static Optional<String> refusal(MultiMap headers) {
    List<String> encodings = headers.getAll("Transfer-Encoding");
    if (encodings.isEmpty()) {
      return Optional.empty();
    }
    boolean chunkedOnly = encodings.size() == 1 && encodings.get(0).trim().equalsIgnoreCase("chunked");
    if (chunkedOnly && headers.get("Content-Length") == null) {
      return Optional.empty();
    }
    return Optional.of("Transfer-Encoding '" + ImageCacheException.clip(String.join(", ", encodings))
        + "' is not accepted: only 'chunked', and never with a Content-Length");
  }
}

package org.imagecache.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Objects;
import java.util.Optional;
import org.imagecache.config.ConfigException;
import org.imagecache.failure.ImageCacheException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: an exception type (or a router status such as
 * 400, 404, 405, 413, or a request the HTTP server could not decode) maps to a status and a stable
 * {@code reason}. Unknown failures are a 500, logged once with the request id; no body carries a stack
 * trace or an internal message.
 */
public final class ErrorMapper implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      LOG.warn("request {} failed after the answer started: {}", RequestIds.of(ctx), String.valueOf(ctx.failure()));
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof ImageCacheException e) {
      int status = statusOf(e);
      if (status >= 500) {
        LOG.warn("request {} {} {} failed: {} ({})", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), e.getMessage(), e.reason());
      }
      Envelope.error(ctx, status, messageOf(e), e.reason());
    } else if (failure instanceof ConfigException e) {
      Envelope.error(ctx, 400, Objects.requireNonNullElse(e.getMessage(), "Invalid configuration"), "invalid_config");
    } else if (failure instanceof HttpException e) {
      byStatus(ctx, e.getStatusCode());
    } else if (failure == null || (ctx.statusCode() >= 400 && ctx.statusCode() < 500)) {
      // a status the router chose, possibly with its own exception (no Host header: 400)
      byStatus(ctx, ctx.statusCode());
    } else {
      LOG.error("request {} {} {} failed", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), failure);
      Envelope.error(ctx, 500, "Internal error (request " + RequestIds.of(ctx) + ")", "internal_error");
    }
  }

  /** Answers a status the router chose by itself (no route, wrong method, body too large). */
  public static void byStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 400 -> Envelope.error(ctx, 400, "Bad request (a malformed query string or header)", "bad_request");
      case 401 -> Envelope.error(ctx, 401, "Missing or wrong bearer token", "unauthorized");
      case 404 -> Envelope.error(ctx, 404, "No such endpoint: " + ctx.request().path(), "not_found");
      case 405 -> Envelope.error(ctx, 405, "Method " + ctx.request().method() + " not allowed on " + ctx.request().path(), "method_not_allowed");
      case 413 -> Envelope.error(ctx, 413, "Request body larger than 64 KiB", "request_too_large");
      default -> {
        LOG.error("request {} {} {} failed with status {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), status);
        Envelope.error(ctx, 500, "Internal error (request " + RequestIds.of(ctx) + ")", "internal_error");
      }
    }
  }

  /**
   * The HTTP server's handler for a request it could not decode (its request line or headers too long,
   * or malformed): the envelope with a reason instead of Vert.x's empty answer, then the connection
   * closes, since what follows on it cannot be trusted to start a request.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Future<Void> sent;
    Optional<String> framing = RequestFraming.refusal(request.headers());
    if (framing.isPresent()) {
      sent = Envelope.error(request.response(), 400, framing.get(), RequestFraming.REASON);
    } else if (cause instanceof TooLongHttpLineException) {
      sent = Envelope.error(request.response(), 414, "Request line too long", "uri_too_long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      sent = Envelope.error(request.response(), 431, "Request headers too large", "headers_too_large");
    } else {
      sent = Envelope.error(request.response(), 400, "Malformed HTTP request", "malformed_request");
    }
    LOG.debug("refused an undecodable request: {}", String.valueOf(cause));
    sent.onComplete(x -> request.connection().close());
  }

  /** The message an answer carries: the failure's own, else its reason (every failure has one or the other). */
  public static String messageOf(ImageCacheException e) {
    return Objects.requireNonNullElse(e.getMessage(), e.reason());
  }

  /** The status of each kind of failure: a switch the compiler checks covers every kind. */
  public static int statusOf(ImageCacheException e) {
    return switch (e.kind()) {
      case INVALID_INPUT, AMBIGUOUS_REFERENCE -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT, CANCELLED -> 409;
      case STORAGE -> 500;
      case REMOTE_BAD_ANSWER, CATALOG_INVALID, VERIFICATION_FAILED -> 502;
      case REMOTE_UNAVAILABLE, SERVICE_UNAVAILABLE -> 503;
      case REMOTE_TIMEOUT -> 504;
      case INSUFFICIENT_STORAGE -> 507;
    };
  }
}

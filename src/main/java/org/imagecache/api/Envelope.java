package org.imagecache.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Consumer;

/** LXD's response envelope: sync answers, errors (and, later, async operations). */
public final class Envelope {
  private Envelope() {}

  /** {@code {"type":"sync","status":"Success","status_code":200,"metadata":...}} */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Sync(String type, String status, int statusCode, Object metadata) {}

  /** {@code {"type":"error","error_code":404,"error":"...","metadata":{"reason":"..."}}} */
  public record Error(String type, int errorCode, String error, Map<String, String> metadata) {}

  /**
   * Answers the future's value in a sync envelope (200), or sends its failure to the error mapper:
   * a failure of the mapping that made the value (a {@code future.map(...)}) or of its encoding too,
   * so that no request is left hanging.
   */
  public static void respond(RoutingContext ctx, Future<?> metadata) {
    respond(ctx, 200, metadata);
  }

  /** {@link #respond(RoutingContext, Future)} with another status. */
  public static void respond(RoutingContext ctx, int httpStatus, Future<?> metadata) {
    answer(ctx, metadata, m -> sync(ctx, httpStatus, m));
  }

  /**
   * Runs {@code answer} with the future's value, or sends the failure to the error mapper: also a
   * failure {@code answer} throws. For answers other than a sync envelope (an operation, a text body).
   */
  public static <T> void answer(RoutingContext ctx, Future<T> value, Consumer<? super T> answer) {
    value.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      try {
        answer.accept(ar.result());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  /** What a create answers: the new thing's path (the {@code Location}) and its view. */
  public record Created(String location, Object metadata) {}

  /** {@code 201 Created} with a {@code Location}, or the failure to the error mapper, as {@link #respond(RoutingContext, Future)}. */
  public static void created(RoutingContext ctx, Future<Created> created) {
    respond(ctx, 201, created.map(c -> {
      ctx.response().putHeader("Location", c.location());
      return c.metadata();
    }));
  }

  public static Future<Void> sync(RoutingContext ctx, Object metadata) {
    return sync(ctx, 200, metadata);
  }

  public static Future<Void> sync(RoutingContext ctx, int httpStatus, Object metadata) {
    return send(ctx, httpStatus, new Sync("sync", "Success", 200, metadata));
  }

  /** {@code 202}, {@code Location: /1.0/operations/<id>}, {@code {"type":"async","status_code":100,"operation":...}}. */
  public record Async(String type, String status, int statusCode, String operation, Object metadata) {}

  public static Future<Void> async(RoutingContext ctx, org.imagecache.operations.Operation op) {
    String location = "/1.0/operations/" + op.id();
    ctx.response().putHeader("Location", location);
    return send(ctx, 202, new Async("async", "Operation created", 100, location, op.view()));
  }

  public static Future<Void> error(RoutingContext ctx, int httpStatus, String message, String reason) {
    return error(ctx.response(), httpStatus, message, reason);
  }

  /** An error on a bare response, for a request that never reached the router. */
  public static Future<Void> error(HttpServerResponse response, int httpStatus, String message, String reason) {
    return send(response, httpStatus, new Error("error", httpStatus, message, Map.of("reason", reason)));
  }

  private static Future<Void> send(RoutingContext ctx, int httpStatus, Object body) {
    return send(ctx.response(), httpStatus, body);
  }

  private static Future<Void> send(HttpServerResponse response, int httpStatus, Object body) {
    return response
        .setStatusCode(httpStatus)
        .putHeader("Content-Type", "application/json")
        .end(Json.encode(body));
  }
}

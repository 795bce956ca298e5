package org.imagecache.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** LXD's response envelope: sync answers, errors (and, later, async operations). */
public final class Envelope {
  private Envelope() {}

  /** {@code {"type":"sync","status":"Success","status_code":200,"metadata":...}} */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Sync(String type, String status, int statusCode, Object metadata) {}

  /** {@code {"type":"error","error_code":404,"error":"...","metadata":{"reason":"..."}}} */
  public record Error(String type, int errorCode, String error, Map<String, String> metadata) {}

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

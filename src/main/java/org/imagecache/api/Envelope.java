package org.imagecache.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
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

  public static Future<Void> error(RoutingContext ctx, int httpStatus, String message, String reason) {
    return send(ctx, httpStatus, new Error("error", httpStatus, message, Map.of("reason", reason)));
  }

  private static Future<Void> send(RoutingContext ctx, int httpStatus, Object body) {
    return ctx.response()
        .setStatusCode(httpStatus)
        .putHeader("Content-Type", "application/json")
        .end(Json.encode(body));
  }
}

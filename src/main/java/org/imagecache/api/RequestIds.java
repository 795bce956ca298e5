package org.imagecache.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;

/** Gives every request an id (the {@code X-Request-Id} header), for logs and error bodies. */
public final class RequestIds implements Handler<RoutingContext> {
  private static final String KEY = "request_id";

  @Override
  public void handle(RoutingContext ctx) {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}

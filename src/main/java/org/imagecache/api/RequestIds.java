package org.imagecache.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the {@code X-Request-Id} header), for logs and error bodies; at
 * {@code log.level=debug}, logs one line per answered request with it.
 */
public final class RequestIds implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestIds.class);
  private static final String KEY = "request_id";

  @Override
  public void handle(RoutingContext ctx) {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    if (LOG.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addBodyEndHandler(v -> LOG.debug("request {} {} {} -> {} in {} ms", id, ctx.request().method(), ctx.request().path(),
          ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    }
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}

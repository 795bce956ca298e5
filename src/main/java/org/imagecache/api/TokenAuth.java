package org.imagecache.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/** Refuses every request without {@code Authorization: Bearer <token>} (401, reason unauthorized). */
public final class TokenAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";
  private final Predicate<String> isValidToken;

  /** @param isValidToken a constant-time check of a presented token */
  public TokenAuth(Predicate<String> isValidToken) {
    this.isValidToken = isValidToken;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String presented = header != null && header.startsWith(PREFIX) ? header.substring(PREFIX.length()).trim() : null;
    if (isValidToken.test(presented)) {
      ctx.next();
    } else {
      ErrorMapper.byStatus(ctx, 401);
    }
  }
}

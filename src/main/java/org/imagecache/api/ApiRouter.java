package org.imagecache.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds the router: {@code GET /healthz} without auth; then, for every other path, a request id, the
 * bearer-token check (before the body is read), a 64 KiB body limit, the route groups, and the one
 * {@link ErrorMapper} for failures and for the router's own 404/405/413.
 */
public final class ApiRouter {
  public static final int BODY_LIMIT = 64 * 1024;

  private ApiRouter() {}

  public static Router create(Vertx vertx, Predicate<String> isValidToken, List<ApiRoutes> groups) {
    Router router = Router.router(vertx);
    ErrorMapper errors = new ErrorMapper();
    router.route().handler(new RequestIds());
    router.get("/healthz").handler(ctx -> ctx.json(java.util.Map.of("status", "ok")));
    router.route().handler(new TokenAuth(isValidToken));
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    groups.forEach(g -> g.register(router));
    router.route().failureHandler(errors);
    router.errorHandler(404, ctx -> ErrorMapper.byStatus(ctx, 404));
    router.errorHandler(405, ctx -> ErrorMapper.byStatus(ctx, 405));
    router.errorHandler(413, ctx -> ErrorMapper.byStatus(ctx, 413));
    router.errorHandler(500, errors);
    return router;
  }
}

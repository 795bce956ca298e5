package org.imagecache.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.metrics.ImageCacheMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Builds the router: a request id and the {@link PathGuard} (no dot segments, no malformed escapes)
 * for every path; {@code GET /healthz} without auth ({@code GET /metrics} too when
 * {@code metrics.require_token} is false); then, for every other path, the bearer-token check (before
 * the body is read), a 64 KiB body limit, the route groups, and the one {@link ErrorMapper} for
 * failures and for the router's own 400/404/405/413.
 */
public final class ApiRouter {
  public static final int BODY_LIMIT = 64 * 1024;

  private ApiRouter() {}

  private static Handler<RoutingContext> scraper(ImageCacheMetrics metrics) {
    return ctx -> scrape(ctx, metrics);
  }

  /** How {@code GET /metrics} is served: not at all, or from these metrics with or without the token. */
  public record MetricsRoute(@Nullable ImageCacheMetrics metrics, boolean requireToken) {
    public static final MetricsRoute NONE = new MetricsRoute(null, true);
  }

  /** What {@code GET /healthz} asks: the problem that makes the service unhealthy (reason and message), if any. */
  public interface Health {
    Health OK = Optional::empty;

    Optional<? extends ImageCacheException> problem();
  }

  public static Router create(Vertx vertx, Predicate<String> isValidToken, List<ApiRoutes> groups) {
    return create(vertx, isValidToken, groups, MetricsRoute.NONE, Health.OK);
  }

  public static Router create(Vertx vertx, Predicate<String> isValidToken, List<ApiRoutes> groups, MetricsRoute metrics) {
    return create(vertx, isValidToken, groups, metrics, Health.OK);
  }

  public static Router create(Vertx vertx, Predicate<String> isValidToken, List<ApiRoutes> groups, MetricsRoute metrics,
      Health health) {
    return create(vertx, isValidToken, groups, metrics, health, () -> false);
  }

  /**
   * @param draining true once the service stops: a request then gets 503 {@code shutting_down} (and the
   *     connection closes after it) instead of starting work that the stop would cut
   */
  public static Router create(Vertx vertx, Predicate<String> isValidToken, List<ApiRoutes> groups, MetricsRoute metrics,
      Health health, BooleanSupplier draining) {
    Router router = Router.router(vertx);
    ErrorMapper errors = new ErrorMapper();
    router.route().handler(new RequestIds());
    router.route().handler(ctx -> {
      if (draining.getAsBoolean()) {
        ctx.response().putHeader("Connection", "close");
        Envelope.error(ctx, 503, "The service is shutting down; try again once it is back", "shutting_down");
      } else {
        ctx.next();
      }
    });
    router.route().handler(new RequestFraming());
    router.route().handler(new PathGuard());
    Handler<RoutingContext> healthz = ctx -> health.problem().ifPresentOrElse(
        p -> Envelope.error(ctx, ErrorMapper.statusOf(p), ErrorMapper.messageOf(p), p.reason()),
        () -> ctx.json(java.util.Map.of("status", "ok")));
    router.get("/healthz").handler(healthz);
    router.head("/healthz").handler(healthz);
    ImageCacheMetrics shown = metrics.metrics();
    boolean scrape = shown != null && shown.scrapable();
    if (shown != null && scrape && !metrics.requireToken()) {
      router.get("/metrics").handler(scraper(shown));
    }
    router.route().handler(new TokenAuth(isValidToken));
    if (shown != null && scrape && metrics.requireToken()) {
      router.get("/metrics").handler(scraper(shown));
    }
    router.route().handler(ApiRouter::bodiesAreJson);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    groups.forEach(g -> g.register(router));
    router.route().failureHandler(errors);
    router.errorHandler(400, ctx -> ErrorMapper.byStatus(ctx, 400));
    router.errorHandler(404, ctx -> ErrorMapper.byStatus(ctx, 404));
    router.errorHandler(405, ctx -> ErrorMapper.byStatus(ctx, 405));
    router.errorHandler(413, ctx -> ErrorMapper.byStatus(ctx, 413));
    router.errorHandler(500, errors);
    return router;
  }

  /**
   * Every request body is read as JSON whatever its Content-Type says: {@code curl -d} sends JSON as a
   * form, and Vert.x's form decoder would otherwise parse it first and refuse a {@code %} in a value.
   */
  private static void bodiesAreJson(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33) || type.regionMatches(true, 0, "multipart/", 0, 10))) {
      ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    ctx.next();
  }

  /** The Prometheus text format; off the event loop, since gauges may walk the image store. */
  private static void scrape(RoutingContext ctx, ImageCacheMetrics metrics) {
    Envelope.answer(ctx, ctx.vertx().executeBlocking(metrics::scrape, false),
        text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text));
  }
}

package org.imagecache.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import org.imagecache.api.ApiRouter;
import org.imagecache.api.ErrorMapper;
import org.imagecache.config.ImageCacheConfig;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP server on the API's address; the service deploys one per core, and Vert.x spreads the
 * connections over their event loops. The components behind the routes are shared and thread-safe.
 */
final class ApiVerticle extends VerticleBase {
  private final Services services;
  private final ImageCacheConfig.Listen listen;
  private final ApiRouter.MetricsRoute metrics;
  private final ConnectionGuard guard;
  private @Nullable HttpServer server;

  ApiVerticle(Services services, ImageCacheConfig.Listen listen, ApiRouter.MetricsRoute metrics, ConnectionGuard guard) {
    this.metrics = metrics;
    this.guard = guard;
    this.services = services;
    this.listen = listen;
  }

  @Override
  public Future<?> start() {
    var router = ApiRouter.create(vertx, services.token()::matches, services.routes(), metrics, services.health(), services.draining());
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false).setHttp2ClearTextEnabled(false))
        .connectionHandler(guard.onConnection())
        .requestHandler(guard.around(router))
        .invalidRequestHandler(ErrorMapper::invalidRequest)
        .listen(listen.port(), listen.host())
        .onSuccess(s -> server = s);
  }

  /** Stops accepting and lets in-flight requests finish (up to the timeout). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(ImageCacheServer.DRAIN.toSeconds(), TimeUnit.SECONDS);
  }
}

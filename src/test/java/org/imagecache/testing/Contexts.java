package org.imagecache.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/** Vert.x contexts for tests that need several distinct ones (a test thread always gets the same one). */
public final class Contexts {
  private Contexts() {}

  /** The context of a verticle deployed now: each deployment has its own. Call from a test thread. */
  public static Context fresh(Vertx vertx) {
    Promise<Context> ctx = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        ctx.complete(context);
        return Future.succeededFuture();
      }
    }).await();
    return ctx.future().await();
  }
}

package org.imagecache.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.operations.Operation;
import org.imagecache.operations.Operations;

/** Operations: list, get, wait (with a timeout), cancel. */
public final class OperationRoutes implements ApiRoutes {
  private static final long MAX_WAIT_SECONDS = 3600;
  private final Operations operations;
  private final Vertx vertx;

  public OperationRoutes(Vertx vertx, Operations operations) {
    this.vertx = vertx;
    this.operations = operations;
  }

  @Override
  public void register(Router router) {
    router.get("/1.0/operations").handler(this::list);
    router.get("/1.0/operations/:id").handler(ctx -> Envelope.sync(ctx, operations.get(ctx.pathParam("id")).view()));
    router.get("/1.0/operations/:id/wait").handler(this::waitFor);
    router.delete("/1.0/operations/:id").handler(this::cancel);
  }

  private void list(RoutingContext ctx) {
    if (Queries.recursion(ctx)) {
      Envelope.sync(ctx, operations.all().stream().map(Operation::view).toList());
    } else {
      Envelope.sync(ctx, operations.all().stream().map(op -> "/1.0/operations/" + op.id()).toList());
    }
  }

  private void waitFor(RoutingContext ctx) {
    Operation op = operations.get(ctx.pathParam("id"));
    long timeout = timeoutSeconds(ctx.queryParams().get("timeout"));
    Future<Object> done = op.done();
    if (timeout >= 0) {
      long timer = vertx.setTimer(Math.max(1, timeout * 1000), t -> Envelope.sync(ctx, op.view()));
      done.onComplete(x -> {
        if (vertx.cancelTimer(timer)) {
          Envelope.sync(ctx, op.view());
        }
      });
    } else {
      done.onComplete(x -> Envelope.sync(ctx, op.view()));
    }
  }

  private static long timeoutSeconds(String value) {
    if (value == null) {
      return -1;
    }
    try {
      long t = Long.parseLong(value);
      if (t < -1 || t > MAX_WAIT_SECONDS) {
        throw new NumberFormatException();
      }
      return t;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("invalid_timeout", "timeout must be -1 (forever) or 0 to " + MAX_WAIT_SECONDS + " seconds");
    }
  }

  /**
   * Cancels, or (for a download others wait for too) detaches one waiter and leaves it running; a cancel
   * that would fail a launch still waiting for it is refused (409 {@code operation_in_use}).
   */
  private void cancel(RoutingContext ctx) {
    Operation op = operations.get(ctx.pathParam("id"));
    switch (op.requestCancel()) {
      case CANCELLED -> op.done().onComplete(x -> Envelope.sync(ctx, op.view()));
      case DETACHED -> Envelope.sync(ctx, op.view());
      case REFUSED -> ctx.fail(new ConflictException("operation_in_use",
          "Operation " + op.id() + " is a download that launches are waiting for; it goes on"));
    }
  }
}

package org.imagecache.api;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.LookupCounters;
import org.imagecache.resolve.LookupRequest;

/** {@code POST /1.0/lookup}: the launch lookup. */
public final class LookupRoutes implements ApiRoutes {
  private static final Set<String> FIELDS = Set.of("project", "remote", "server", "protocol", "alias", "fingerprint",
      "architecture", "type", "instance", "wait");

  private final LaunchLookup lookup;
  private final LookupRequests requests;
  private final LookupCounters counters;
  private final ImageCacheMetrics metrics;

  public LookupRoutes(LaunchLookup lookup, LookupRequests requests, LookupCounters counters, ImageCacheMetrics metrics) {
    this.counters = counters;
    this.metrics = metrics;
    this.lookup = lookup;
    this.requests = requests;
  }

  @Override
  public void register(Router router) {
    router.post("/1.0/lookup").handler(this::lookup);
  }

  private void lookup(RoutingContext ctx) {
    long start = System.nanoTime();
    LookupRequest req = requests.parse(new Fields(Json.bodyObject(ctx)).only(FIELDS));
    Future<LaunchLookup.Answer> answered = lookup.lookup(req).onFailure(e -> {
      counters.failed();
      metrics.lookupAnswered("failed", System.nanoTime() - start);
    });
    Envelope.answer(ctx, answered, answer -> {
      // a lookup answered with an operation is one that downloads
      boolean cached = answer instanceof LaunchLookup.Done d && d.result().present();
      metrics.lookupAnswered(cached ? "cached" : "downloaded", System.nanoTime() - start);
      if (answer instanceof LaunchLookup.Done d) {
        counters.answered(d.result().present());
        Envelope.sync(ctx, d.result());
      } else {
        Envelope.async(ctx, ((LaunchLookup.Pending) answer).operation());
      }
    });
  }
}

package org.imagecache.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.imagecache.resolve.ImageDamage;
import org.imagecache.resolve.ImageRecords;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /1.0/images/<fingerprint>/verify} and {@code POST /1.0/images/verify} (every image):
 * re-hash the files; damaged ones are removed (event {@code image-damaged}) and fetched again by the
 * next lookup through a remote. Answers {@code {"fingerprint", "verified", "problem"}} per image.
 */
public final class VerifyRoutes implements ApiRoutes {
  private final ImageRecords records;
  private final ImageDamage damage;

  public VerifyRoutes(ImageRecords records, ImageDamage damage) {
    this.records = records;
    this.damage = damage;
  }

  /** One image's verdict as the API shows it. */
  public record VerdictView(String fingerprint, boolean verified, @Nullable String problem) {
    static VerdictView of(ImageDamage.Verdict v) {
      return new VerdictView(v.fingerprint(), v.problem().isEmpty(), v.problem().orElse(null));
    }
  }

  @Override
  public void register(Router router) {
    router.post("/1.0/images/verify").handler(this::all);
    router.post("/1.0/images/:fingerprint/verify").handler(this::one);
  }

  private void all(RoutingContext ctx) {
    Envelope.respond(ctx, damage.verifyAll().map(all -> all.stream().map(VerdictView::of).toList()));
  }

  private void one(RoutingContext ctx) {
    Envelope.respond(ctx, records.find(Queries.project(ctx), ctx.pathParam("fingerprint"))
        .compose(damage::verify).map(VerdictView::of));
  }
}

package org.imagecache.api;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.RemoteImage;
import org.imagecache.remote.CatalogRead;
import org.imagecache.remote.ImageIndex;
import org.imagecache.remote.CatalogView;
import org.imagecache.remote.RemoteStatus;
import org.imagecache.remote.Remotes;
import org.jspecify.annotations.Nullable;

/** The configured remotes and their catalogs, as {@code lxc remote list} and {@code lxc image list remote:} show them. */
public final class RemoteRoutes implements ApiRoutes {
  private final Remotes remotes;

  public RemoteRoutes(Remotes remotes) {
    this.remotes = remotes;
  }

  @Override
  public void register(Router router) {
    router.get("/1.0/remotes").handler(this::list);
    router.get("/1.0/remotes/:name").handler(this::get);
    router.get("/1.0/remotes/:name/images").handler(this::images);
    router.get("/1.0/remotes/:name/images/:fingerprint").handler(this::image);
    router.post("/1.0/remotes/:name/refresh").handler(this::refresh);
  }

  private void list(RoutingContext ctx) {
    if (Queries.recursion(ctx)) {
      Envelope.respond(ctx, Future.all(remotes.all().stream().map(r -> r.catalog().loadedStatus()).toList()).map(all -> all.<RemoteStatus>list()));
    } else {
      Envelope.sync(ctx, remotes.all().stream().map(r -> "/1.0/remotes/" + r.config().name()).toList());
    }
  }

  private void get(RoutingContext ctx) {
    Envelope.respond(ctx, catalogOf(ctx).loadedStatus());
  }

  private void images(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    boolean recursion = Queries.recursion(ctx);
    Envelope.respond(ctx, catalogOf(ctx).catalog().map(CatalogRead::catalog).map(c -> recursion
            ? c.images().stream().map(RemoteImageView::of).toList()
            : c.images().stream().map(i -> "/1.0/remotes/" + name + "/images/" + i.fingerprint().hex()).toList()));
  }

  private void image(RoutingContext ctx) {
    String prefix = Fingerprint.checkPrefix(ctx.pathParam("fingerprint"));
    Envelope.respond(ctx, catalogOf(ctx).catalog()
        .map(c -> find(c.catalog(), prefix, ctx.pathParam("name"))).map(RemoteImageView::of));
  }

  private static RemoteImage find(ImageIndex c, String prefix, String remote) {
    return c.findByPrefix(prefix).orElseThrow(() ->
        new NotFoundException("image_not_found", "Remote " + remote + " has no image " + prefix));
  }

  private void refresh(RoutingContext ctx) {
    CatalogView catalog = catalogOf(ctx);
    Envelope.respond(ctx, catalog.refreshNow().map(s -> catalog.status()));
  }

  private CatalogView catalogOf(RoutingContext ctx) {
    return remotes.get(ctx.pathParam("name")).catalog();
  }

  /** A catalog image in LXD's image shape. */
  public record RemoteImageView(String fingerprint, String architecture, String type, List<AliasView> aliases,
      java.util.Map<String, String> properties, long size, java.time.Instant createdAt, java.time.@Nullable Instant expiresAt,
      boolean cached, boolean autoUpdate, @com.fasterxml.jackson.annotation.JsonProperty("public") boolean isPublic) {

    static RemoteImageView of(RemoteImage i) {
      return new RemoteImageView(i.fingerprint().hex(), i.architecture(), i.type().wireName(),
          i.aliases().stream().map(a -> new AliasView(a, "")).toList(), new java.util.TreeMap<>(i.properties()),
          i.size(), i.createdAt(), i.expiresAt(), false, false, true);
    }
  }

  /** {@code {"name": ..., "description": ...}} as LXD lists aliases. */
  public record AliasView(String name, String description) {}
}

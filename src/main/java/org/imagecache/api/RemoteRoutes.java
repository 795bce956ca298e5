package org.imagecache.api;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.imagecache.image.InvalidInputException;
import org.imagecache.image.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.remote.CatalogRead;
import org.imagecache.remote.RemoteCatalog;
import org.imagecache.remote.RemoteStatus;
import org.imagecache.remote.Remotes;
import org.imagecache.remote.simplestreams.Catalog;
import org.imagecache.remote.simplestreams.CatalogImage;

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
    if (recursion(ctx)) {
      Future.all(remotes.all().stream().map(r -> r.catalog().loadedStatus()).toList())
          .onSuccess(all -> Envelope.sync(ctx, all.<RemoteStatus>list()))
          .onFailure(ctx::fail);
    } else {
      Envelope.sync(ctx, remotes.all().stream().map(r -> "/1.0/remotes/" + r.config().name()).toList());
    }
  }

  private void get(RoutingContext ctx) {
    catalogOf(ctx).loadedStatus().onSuccess(st -> Envelope.sync(ctx, st)).onFailure(ctx::fail);
  }

  private void images(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    boolean recursion = recursion(ctx); // before the fetch: a throw inside onSuccess would leave the request hanging
    catalogOf(ctx).catalog().map(CatalogRead::catalog)
        .onSuccess(c -> Envelope.sync(ctx, recursion
            ? c.images().stream().map(RemoteImageView::of).toList()
            : c.images().stream().map(i -> "/1.0/remotes/" + name + "/images/" + i.fingerprint().hex()).toList()))
        .onFailure(ctx::fail);
  }

  private void image(RoutingContext ctx) {
    String prefix = Fingerprint.checkPrefix(ctx.pathParam("fingerprint"));
    catalogOf(ctx).catalog()
        .map(c -> find(c.catalog(), prefix, ctx.pathParam("name")))
        .onSuccess(i -> Envelope.sync(ctx, RemoteImageView.of(i)))
        .onFailure(ctx::fail);
  }

  private static CatalogImage find(Catalog c, String prefix, String remote) {
    return c.findByPrefix(prefix).orElseThrow(() ->
        new NotFoundException("image_not_found", "Remote " + remote + " has no image " + prefix));
  }

  private void refresh(RoutingContext ctx) {
    RemoteCatalog catalog = catalogOf(ctx);
    catalog.refreshNow()
        .onSuccess(s -> Envelope.sync(ctx, catalog.status()))
        .onFailure(ctx::fail);
  }

  private RemoteCatalog catalogOf(RoutingContext ctx) {
    return remotes.get(ctx.pathParam("name")).catalog();
  }

  static boolean recursion(RoutingContext ctx) {
    String r = ctx.queryParams().get("recursion");
    if (r == null || r.equals("0")) {
      return false;
    }
    if (r.equals("1") || r.equals("2")) {
      return true;
    }
    throw new InvalidInputException("invalid_recursion", "recursion must be 0, 1 or 2");
  }

  /** A catalog image in LXD's image shape. */
  public record RemoteImageView(String fingerprint, String architecture, String type, List<AliasView> aliases,
      java.util.Map<String, String> properties, long size, java.time.Instant createdAt, java.time.Instant expiresAt,
      boolean cached, boolean autoUpdate, @com.fasterxml.jackson.annotation.JsonProperty("public") boolean isPublic) {

    static RemoteImageView of(CatalogImage i) {
      return new RemoteImageView(i.fingerprint().hex(), i.architecture(), i.type().wireName(),
          i.aliases().stream().map(a -> new AliasView(a, "")).toList(), new java.util.TreeMap<>(i.properties()),
          i.size(), i.createdAt(), i.expiresAt(), false, false, true);
    }
  }

  /** {@code {"name": ..., "description": ...}} as LXD lists aliases. */
  public record AliasView(String name, String description) {}
}

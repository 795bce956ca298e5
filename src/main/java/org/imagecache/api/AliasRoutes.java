package org.imagecache.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.InvalidInputException;
import org.imagecache.resolve.Aliases;

/**
 * Local aliases, as LXD's {@code /1.0/images/aliases}: list, create (201 + Location, 409 on a
 * duplicate), get, PUT (replace), PATCH (change), POST (rename), DELETE. A name with '/' is sent
 * URL-encoded ({@code web%2Fbase}).
 */
public final class AliasRoutes implements ApiRoutes {
  private static final Set<String> CREATE_FIELDS = Set.of("name", "description", "target");
  private static final Set<String> EDIT_FIELDS = Set.of("description", "target");
  private final Aliases aliases;

  public AliasRoutes(Aliases aliases) {
    this.aliases = aliases;
  }

  @Override
  public void register(Router router) {
    router.get("/1.0/images/aliases").handler(this::list);
    router.post("/1.0/images/aliases").handler(this::create);
    router.get("/1.0/images/aliases/:name").handler(this::get);
    router.put("/1.0/images/aliases/:name").handler(ctx -> edit(ctx, true));
    router.patch("/1.0/images/aliases/:name").handler(ctx -> edit(ctx, false));
    router.post("/1.0/images/aliases/:name").handler(this::rename);
    router.delete("/1.0/images/aliases/:name").handler(this::delete);
  }

  /** An alias as LXD shows it. */
  public record AliasTargetView(String name, String description, String target, String type, String project) {
    static AliasTargetView of(Aliases.Target t) {
      return new AliasTargetView(t.alias().name(), t.alias().description(), t.fingerprint(), "container", t.alias().project());
    }
  }

  private static String location(String name) {
    return "/1.0/images/aliases/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void list(RoutingContext ctx) {
    boolean recursion = RemoteRoutes.recursion(ctx);
    aliases.list(ImageRoutes.allProjects(ctx) ? null : ImageRoutes.project(ctx))
        .onSuccess(all -> Envelope.sync(ctx, recursion ? all.stream().map(AliasTargetView::of).toList()
            : all.stream().map(t -> location(t.alias().name())).toList()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(CREATE_FIELDS);
    String name = Fields.alias(f.string("name"));
    String target = target(f.string("target"), true);
    String description = f.string("description");
    aliases.create(ImageRoutes.project(ctx), name, description == null ? "" : description, target)
        .onSuccess(t -> {
          ctx.response().putHeader("Location", location(name));
          Envelope.sync(ctx, 201, AliasTargetView.of(t));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    aliases.get(ImageRoutes.project(ctx), name(ctx)).onSuccess(t -> Envelope.sync(ctx, AliasTargetView.of(t))).onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx, boolean replace) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(EDIT_FIELDS);
    String target = target(f.string("target"), replace);
    String description = f.string("description");
    aliases.update(ImageRoutes.project(ctx), name(ctx), target, replace && description == null ? "" : description)
        .onSuccess(t -> Envelope.sync(ctx, AliasTargetView.of(t)))
        .onFailure(ctx::fail);
  }

  private void rename(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(Set.of("name"));
    String newName = Fields.alias(f.string("name"));
    aliases.rename(ImageRoutes.project(ctx), name(ctx), newName)
        .onSuccess(t -> {
          ctx.response().putHeader("Location", location(newName));
          Envelope.sync(ctx, 201, AliasTargetView.of(t));
        })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    aliases.delete(ImageRoutes.project(ctx), name(ctx)).onSuccess(v -> Envelope.sync(ctx, Map.of())).onFailure(ctx::fail);
  }

  private static String name(RoutingContext ctx) {
    return Fields.alias(ctx.pathParam("name"));
  }

  private static String target(String value, boolean required) {
    if (value == null) {
      if (required) {
        throw new InvalidInputException("invalid_request", "Field 'target' (a fingerprint) is required");
      }
      return null;
    }
    return Fingerprint.checkPrefix(value);
  }
}

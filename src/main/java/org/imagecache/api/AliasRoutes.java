package org.imagecache.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.Fingerprint;
import org.imagecache.resolve.Aliases;
import org.jspecify.annotations.Nullable;

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
    boolean recursion = Queries.recursion(ctx);
    Envelope.respond(ctx, aliases.list(Queries.allProjects(ctx) ? null : Queries.project(ctx)).map(all -> recursion ? all.stream().map(AliasTargetView::of).toList()
            : all.stream().map(t -> location(t.alias().name())).toList()));
  }

  private void create(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(CREATE_FIELDS);
    String name = Fields.alias(f.string("name"));
    String target = requiredTarget(f.string("target"));
    String description = f.string("description");
    Envelope.created(ctx, aliases.create(Queries.project(ctx), name, description == null ? "" : description, target)
        .map(t -> new Envelope.Created(location(name), AliasTargetView.of(t))));
  }

  private void get(RoutingContext ctx) {
    Envelope.respond(ctx, aliases.get(Queries.project(ctx), name(ctx)).map(AliasTargetView::of));
  }

  private void edit(RoutingContext ctx, boolean replace) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(EDIT_FIELDS);
    String target = replace ? requiredTarget(f.string("target")) : optionalTarget(f.string("target"));
    String description = f.string("description");
    Envelope.respond(ctx, aliases.update(Queries.project(ctx), name(ctx), target, replace && description == null ? "" : description).map(AliasTargetView::of));
  }

  private void rename(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(Set.of("name"));
    String newName = Fields.alias(f.string("name"));
    Envelope.created(ctx, aliases.rename(Queries.project(ctx), name(ctx), newName)
        .map(t -> new Envelope.Created(location(newName), AliasTargetView.of(t))));
  }

  private void delete(RoutingContext ctx) {
    Envelope.respond(ctx, aliases.delete(Queries.project(ctx), name(ctx)).map(v -> Map.of()));
  }

  private static String name(RoutingContext ctx) {
    return Fields.alias(ctx.pathParam("name"));
  }

  private static String requiredTarget(@Nullable String value) {
    if (value == null) {
      throw new InvalidInputException("invalid_request", "Field 'target' (a fingerprint) is required");
    }
    return Fingerprint.checkPrefix(value);
  }

  private static @Nullable String optionalTarget(@Nullable String value) {
    return value == null ? null : requiredTarget(value);
  }
}

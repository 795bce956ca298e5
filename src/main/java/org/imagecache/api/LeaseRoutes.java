package org.imagecache.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Lease;
import org.imagecache.resolve.Leases;
import org.jspecify.annotations.Nullable;

/** Leases: {@code GET /1.0/leases[?project=]}, {@code POST /1.0/leases} (an instance lease), {@code DELETE /1.0/leases/<id>}. */
public final class LeaseRoutes implements ApiRoutes {
  private static final Set<String> FIELDS = Set.of("project", "fingerprint", "holder");
  private final Leases leases;

  public LeaseRoutes(Leases leases) {
    this.leases = leases;
  }

  @Override
  public void register(Router router) {
    router.get("/1.0/leases").handler(this::list);
    router.post("/1.0/leases").handler(this::create);
    router.delete("/1.0/leases/:id").handler(this::release);
  }

  /** A lease as the API shows it: the image it holds named by fingerprint and project, as everywhere. */
  public record LeaseView(String id, String project, String fingerprint, String holder, String kind, java.time.Instant createdAt,
      java.time.@Nullable Instant expiresAt) {
    static LeaseView of(Leases.Held held) {
      Lease l = held.lease();
      return new LeaseView(l.id(), l.project(), held.fingerprint(), l.holder(), l.kind().wireName(), l.createdAt(), l.expiresAt());
    }
  }

  private void list(RoutingContext ctx) {
    String project = ctx.queryParams().get("project");
    Envelope.respond(ctx, leases.listHeld(project == null ? null : Fields.project(project)).map(all -> all.stream().map(LeaseView::of).toList()));
  }

  private void create(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(FIELDS);
    String holder = f.string("holder");
    if (holder == null) {
      throw new InvalidInputException("invalid_request", "Field 'holder' (the instance name) is required");
    }
    String fp = f.string("fingerprint");
    Envelope.created(ctx, leases.create(Fields.project(f.string("project")), Fingerprint.checkPrefix(fp), Fields.instanceName(holder))
        .map(l -> new Envelope.Created("/1.0/leases/" + l.lease().id(), LeaseView.of(l))));
  }

  private void release(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!id.matches("[A-Za-z0-9-]{1,80}")) {
      throw new InvalidInputException("invalid_lease", "Invalid lease id");
    }
    Envelope.respond(ctx, leases.release(id).map(v -> java.util.Map.of()));
  }
}

package org.imagecache.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.operations.Operation;
import org.imagecache.operations.Operations;
import org.imagecache.resolve.ImageRecords;
import org.imagecache.resolve.LookupRequest;
import org.imagecache.resolve.Pulls;
import org.imagecache.schedule.ImageRefresher;

/** Local images: list, get, edit, delete, and the explicit pull ({@code POST /1.0/images}, async). */
public final class ImageRoutes implements ApiRoutes {
  private static final Set<String> PATCH_FIELDS = Set.of("auto_update", "pinned", "properties");
  private static final Set<String> PULL_FIELDS = Set.of("source", "architecture", "type", "project", "aliases", "auto_update");
  private static final Set<String> SOURCE_FIELDS = Set.of("remote", "server", "protocol", "alias", "fingerprint");

  private final ImageRecords records;
  private final Pulls pulls;
  private final Operations operations;
  private final LookupRequests lookupRequests;
  private final ImageRefresher refresher;

  public ImageRoutes(ImageRecords records, Pulls pulls, Operations operations, LookupRequests lookupRequests, ImageRefresher refresher) {
    this.refresher = refresher;
    this.records = records;
    this.pulls = pulls;
    this.operations = operations;
    this.lookupRequests = lookupRequests;
  }

  @Override
  public void register(Router router) {
    router.get("/1.0/images").handler(this::list);
    router.post("/1.0/images").handler(this::pull);
    router.get("/1.0/images/:fingerprint").handler(this::get);
    router.patch("/1.0/images/:fingerprint").handler(this::patch);
    router.delete("/1.0/images/:fingerprint").handler(this::delete);
    router.post("/1.0/images/:fingerprint/refresh").handler(this::refresh);
  }

  private void refresh(RoutingContext ctx) {
    Envelope.respond(ctx, records.find(Queries.project(ctx), ctx.pathParam("fingerprint"))
        .compose(image -> refresher.refresh(image, true)));
  }

  private void list(RoutingContext ctx) {
    boolean recursion = Queries.recursion(ctx);
    Envelope.respond(ctx, records.list(Queries.allProjects(ctx) ? null : Queries.project(ctx)).map(all -> recursion
            ? all.stream().map(ImageView::of).toList()
            : all.stream().map(d -> "/1.0/images/" + d.image().fingerprint().hex()).toList()));
  }

  private void get(RoutingContext ctx) {
    Envelope.respond(ctx, records.get(Queries.project(ctx), ctx.pathParam("fingerprint")).map(ImageView::of));
  }

  private void patch(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(PATCH_FIELDS);
    JsonNode props = f.node("properties");
    Map<String, String> properties = null;
    if (!props.isMissingNode() && !props.isNull()) {
      if (!props.isObject()) {
        throw new InvalidInputException("invalid_request", "Field 'properties' must be an object of strings");
      }
      properties = new LinkedHashMap<>();
      for (var it = props.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isTextual() || e.getKey().length() > 255 || e.getValue().asText().length() > 4096) {
          throw new InvalidInputException("invalid_request", "Property '" + ImageCacheException.clip(e.getKey()) + "' must be a string (key at most 255, value at most 4096 characters)");
        }
        properties.put(e.getKey(), e.getValue().asText());
      }
    }
    Boolean autoUpdate = f.node("auto_update").isMissingNode() ? null : f.bool("auto_update", false);
    Boolean pinned = f.node("pinned").isMissingNode() ? null : f.bool("pinned", false);
    Envelope.respond(ctx, records.patch(Queries.project(ctx), ctx.pathParam("fingerprint"), new ImageRecords.Patch(autoUpdate, pinned, properties)).map(ImageView::of));
  }

  private void delete(RoutingContext ctx) {
    Envelope.respond(ctx, records.delete(Queries.project(ctx), ctx.pathParam("fingerprint")).map(freed -> Map.of("bytes_freed", freed)));
  }

  private void pull(RoutingContext ctx) {
    Fields f = new Fields(Json.bodyObject(ctx)).only(PULL_FIELDS);
    JsonNode sourceNode = f.node("source");
    if (!sourceNode.isObject()) {
      throw new InvalidInputException("invalid_request", "Field 'source' must be an object with remote (or server) and alias (or fingerprint)");
    }
    Fields source = new Fields(sourceNode).only(SOURCE_FIELDS);
    LookupRequest req = lookupRequests.parse(new MergedFields(source, f));
    if (!req.throughRemote()) {
      throw new InvalidInputException("invalid_request", "The source needs 'remote' (or 'server' and 'protocol')");
    }
    List<Pulls.NewAlias> aliases = aliases(f.node("aliases"));
    boolean autoUpdate = f.bool("auto_update", false);
    Operation op = operations.create("Pulling image " + req.ref());
    op.track(pulls.pull(req, autoUpdate, aliases, op).map(ImageView::of));
    Envelope.async(ctx, op);
  }

  private static List<Pulls.NewAlias> aliases(JsonNode node) {
    List<Pulls.NewAlias> out = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray() || node.size() > 64) {
      throw new InvalidInputException("invalid_request", "Field 'aliases' must be a list of at most 64 {\"name\": ...}");
    }
    for (JsonNode a : node) {
      Fields af = new Fields(a.isObject() ? a : com.fasterxml.jackson.databind.node.NullNode.getInstance()).only(Set.of("name", "description"));
      String description = af.string("description");
      out.add(new Pulls.NewAlias(Fields.alias(af.string("name")), description == null ? "" : description));
    }
    return out;
  }

  /** The pull's source fields with the body's architecture, type and project, read as one lookup. */
  private static final class MergedFields extends Fields {
    MergedFields(Fields source, Fields body) {
      super(merge(source, body));
    }

    private static JsonNode merge(Fields source, Fields body) {
      var node = Json.MAPPER.createObjectNode();
      for (String k : SOURCE_FIELDS) {
        if (!source.node(k).isMissingNode()) {
          node.set(k, source.node(k));
        }
      }
      for (String k : List.of("architecture", "type", "project")) {
        if (!body.node(k).isMissingNode()) {
          node.set(k, body.node(k));
        }
      }
      return node;
    }
  }
}

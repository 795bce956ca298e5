package org.imagecache.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.config.ImagesSettings;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.schedule.PrunePolicy;
import org.imagecache.schedule.Pruner;
import org.imagecache.settings.RuntimeSettings;
import org.jspecify.annotations.Nullable;

/** {@code GET /1.0} (server info and config) and {@code PATCH /1.0} (change the images.* keys). */
public final class ServerRoutes implements ApiRoutes {
  private final RuntimeSettings settings;
  private final ServerInfo info;
  private final PrunePreview pruneAfter;

  /** What GET /1.0 shows besides config. */
  public record ServerInfo(String version, String architecture, String listen, String dataDir, String schemaVersion) {}

  /** What the prune would delete under an {@code images.remote_cache_expiry} ({@link Pruner#planUnderExpiry}). */
  @FunctionalInterface
  public interface PrunePreview {
    Future<List<PrunePolicy.Item>> underExpiry(int expiryDays);
  }

  public ServerRoutes(RuntimeSettings settings, ServerInfo info, PrunePreview pruneAfter) {
    this.settings = settings;
    this.info = info;
    this.pruneAfter = pruneAfter;
  }

  /** An image the prune after a settings change would delete. */
  public record PlannedDeletionView(String fingerprint, String project, long size, long bytesFreed, @Nullable Instant lastUsedAt,
      String reason) {
    static PlannedDeletionView of(PrunePolicy.Item i) {
      return new PlannedDeletionView(i.image().fingerprint().hex(), i.image().project(), i.image().size(), i.bytesFreed(),
          i.image().lastUsedAt(), i.reason());
    }
  }

  /**
   * The answer to PATCH: the metadata of GET /1.0 (with the proposed config when dry), whether it was
   * applied, and what the prune that follows the change would delete.
   */
  public record ChangeAnswer(List<String> apiExtensions, String apiStatus, String apiVersion, String auth,
      Map<String, String> config, Map<String, Object> environment, boolean dryRun, List<PlannedDeletionView> wouldPrune) {
    static ChangeAnswer of(ServerMetadata m, Map<String, String> config, boolean dryRun, List<PrunePolicy.Item> plan) {
      return new ChangeAnswer(m.apiExtensions(), m.apiStatus(), m.apiVersion(), m.auth(), config, m.environment(), dryRun,
          plan.stream().map(PlannedDeletionView::of).toList());
    }
  }

  @Override
  public void register(Router router) {
    router.get("/1.0").handler(this::getServer);
    router.patch("/1.0").handler(this::patchServer);
  }

  /** The metadata of GET /1.0, in LXD's shape. */
  public record ServerMetadata(List<String> apiExtensions, String apiStatus, String apiVersion, String auth,
      Map<String, String> config, Map<String, Object> environment) {}

  private void getServer(RoutingContext ctx) {
    Envelope.sync(ctx, metadata());
  }

  private ServerMetadata metadata() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("server", "imagecache");
    env.put("server_name", "imagecache");
    env.put("server_version", info.version());
    env.put("architectures", List.of(info.architecture()));
    env.put("listen", info.listen());
    env.put("data_dir", info.dataDir());
    env.put("database_schema", info.schemaVersion());
    return new ServerMetadata(List.of(), "stable", "1.0", "trusted", settings.current().asMap(), env);
  }

  private void patchServer(RoutingContext ctx) {
    JsonNode config = new Fields(Json.bodyObject(ctx)).only(Set.of("config")).node("config");
    if (!config.isObject()) {
      throw new InvalidInputException("invalid_request", "PATCH /1.0 takes {\"config\": {\"images.KEY\": \"VALUE\"}}");
    }
    Map<String, String> changes = new LinkedHashMap<>();
    config.fields().forEachRemaining(e -> changes.put(e.getKey(), valueOf(e.getKey(), e.getValue())));
    boolean dryRun = dryRun(ctx);
    Future<ImagesSettings> next = dryRun ? Future.succeededFuture(settings.preview(changes)) : settings.update(changes);
    Envelope.respond(ctx, next.compose(s -> pruneAfter.underExpiry(s.remoteCacheExpiryDays())
            .map(plan -> ChangeAnswer.of(metadata(), s.asMap(), dryRun, plan))));
  }

  /** {@code ?dry_run=true}: check and show, store nothing. */
  private static boolean dryRun(RoutingContext ctx) {
    String v = ctx.request().getParam("dry_run");
    if (v == null || v.equals("false") || v.equals("0")) {
      return false;
    }
    if (v.equals("true") || v.equals("1")) {
      return true;
    }
    throw new InvalidInputException("invalid_request", "dry_run must be true or false, not '" + v + "'");
  }

  private static @Nullable String valueOf(String key, JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual() || v.isBoolean() || v.isIntegralNumber()) {
      return v.asText();
    }
    throw new InvalidInputException("invalid_config", "Invalid value for " + key + ": must be a string, a boolean or a whole number");
  }
}

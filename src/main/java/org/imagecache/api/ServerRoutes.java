package org.imagecache.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.image.InvalidInputException;
import org.imagecache.settings.RuntimeSettings;

/** {@code GET /1.0} (server info and config) and {@code PATCH /1.0} (change the images.* keys). */
public final class ServerRoutes implements ApiRoutes {
  private final RuntimeSettings settings;
  private final ServerInfo info;

  /** What GET /1.0 shows besides config. */
  public record ServerInfo(String version, String architecture, String listen, String dataDir, String schemaVersion) {}

  public ServerRoutes(RuntimeSettings settings, ServerInfo info) {
    this.settings = settings;
    this.info = info;
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
    settings.update(changes)
        .onSuccess(s -> Envelope.sync(ctx, metadata()))
        .onFailure(ctx::fail);
  }

  private static String valueOf(String key, JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isTextual() || v.isBoolean() || v.isIntegralNumber()) {
      return v.asText();
    }
    throw new InvalidInputException("invalid_config", "Invalid value for " + key + ": must be a string, a boolean or a whole number");
  }
}

package org.imagecache.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.CacheEvent;
import org.imagecache.image.LocalImage;
import org.imagecache.resolve.Aliases;
import org.imagecache.schedule.CacheEvents;
import org.imagecache.schedule.CacheStats;
import org.imagecache.schedule.PrunePolicy;
import org.imagecache.schedule.Pruner;
import org.jspecify.annotations.Nullable;

/** The cache as a whole: {@code POST /1.0/cache/prune} (dry run by default), {@code GET /1.0/cache/stats}, {@code GET /1.0/cache/events}. */
public final class CacheRoutes implements ApiRoutes {
  private static final int MAX_PAGE = 1000;
  private final Pruner pruner;
  private final CacheStats stats;
  private final CacheEvents events;
  private final Aliases aliases;

  public CacheRoutes(Pruner pruner, CacheStats stats, CacheEvents events, Aliases aliases) {
    this.pruner = pruner;
    this.stats = stats;
    this.events = events;
    this.aliases = aliases;
  }

  @Override
  public void register(Router router) {
    router.post("/1.0/cache/prune").handler(this::prune);
    router.get("/1.0/cache/stats").handler(ctx -> Envelope.respond(ctx, stats.read()));
    router.get("/1.0/cache/events").handler(this::events);
  }

  /** A planned or done deletion as the API shows it. */
  public record PruneItemView(String fingerprint, String project, List<String> aliases, long size, long bytesFreed,
      @Nullable Instant lastUsedAt, Instant uploadedAt, String reason) {}

  /**
   * An image the prune keeps: {@code reason} would delete it (null: none applies), {@code kept} names the
   * rule that holds it ({@code pinned}, {@code leased}, {@code fresh}, {@code max_deletions}, and with
   * {@code all}: {@code pulled}, {@code not_due}), {@code until} when that ends (null: not by time).
   */
  public record KeptView(String fingerprint, String project, List<String> aliases, long size, @Nullable Instant lastUsedAt,
      @Nullable String reason, String kept, @Nullable Instant until) {}

  /** The answer of a prune; {@code held} lists what is held back, or with {@code all} every image kept. */
  public record PruneView(boolean dryRun, List<PruneItemView> plan, List<PruneItemView> deleted, long bytesFreed,
      List<KeptView> held) {}

  private void prune(RoutingContext ctx) {
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    Fields f = new Fields(hasBody ? Json.bodyObject(ctx) : Json.MAPPER.createObjectNode()).only(Set.of("dry_run", "reasons", "all"));
    boolean dryRun = f.bool("dry_run", true);
    boolean all = f.bool("all", false);
    Set<String> reasons = reasons(f.node("reasons"));
    Envelope.respond(ctx, pruner.run(dryRun, reasons).compose(r -> {
      List<PrunePolicy.Held> shown = r.kept().stream().filter(h -> all || h.heldBack()).toList();
      List<LocalImage> described = new ArrayList<>();
      r.plan().forEach(i -> described.add(i.image()));
      r.deleted().forEach(i -> described.add(i.image()));
      shown.forEach(h -> described.add(h.image()));
      return aliases.namesOf(described).map(names ->
          new PruneView(r.dryRun(), views(names, r.plan()), views(names, r.deleted()), r.bytesFreed(), keptViews(names, shown)));
    }));
  }

  private static Set<String> reasons(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Set.copyOf(PrunePolicy.REASONS);
    }
    if (!node.isArray()) {
      throw new InvalidInputException("invalid_reason", "Field 'reasons' must be a list of " + PrunePolicy.REASONS);
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode r : node) {
      if (!r.isTextual() || !PrunePolicy.REASONS.contains(r.asText())) {
        throw new InvalidInputException("invalid_reason", "Unknown prune reason " + ImageCacheException.clip(r.toString()) + " (one of " + PrunePolicy.REASONS + ")");
      }
      out.add(r.asText());
    }
    return out;
  }

  private static List<PruneItemView> views(Map<Long, List<String>> names, List<PrunePolicy.Item> items) {
    return items.stream().map(i -> new PruneItemView(i.image().fingerprint().hex(), i.image().project(),
        names.getOrDefault(i.image().id(), List.of()), i.image().size(),
        i.bytesFreed(), i.image().lastUsedAt(), i.image().uploadedAt(), i.reason())).toList();
  }

  private static List<KeptView> keptViews(Map<Long, List<String>> names, List<PrunePolicy.Held> kept) {
    return kept.stream().map(h -> new KeptView(h.image().fingerprint().hex(), h.image().project(),
        names.getOrDefault(h.image().id(), List.of()), h.image().size(),
        h.image().lastUsedAt(), h.reason(), h.keep().wireName(), h.until())).toList();
  }

  private void events(RoutingContext ctx) {
    var q = ctx.queryParams();
    String kind = q.get("kind");
    String fingerprint = q.get("fingerprint");
    if (kind != null && !CacheEvent.KINDS.contains(kind)) {
      throw new InvalidInputException("invalid_kind", "Unknown event kind '" + ImageCacheException.clip(kind)
          + "' (one of " + String.join(", ", CacheEvent.KINDS) + ")");
    }
    if (fingerprint != null && !fingerprint.matches("[0-9a-f]{1,64}")) {
      throw new InvalidInputException("invalid_fingerprint", "Invalid fingerprint filter");
    }
    long before = number(q.get("before"), 0, Long.MAX_VALUE, "before");
    int limit = (int) number(q.get("limit"), 100, MAX_PAGE, "limit");
    Envelope.respond(ctx, events.page(new CacheEvent.Query(kind, fingerprint, before, limit)).map(list -> list.stream().map(CacheRoutes::view).toList()));
  }

  /** An audit event as the API shows it; {@code id} pages with {@code ?before=}. */
  public record EventView(long id, Instant at, String kind, @Nullable String fingerprint, @Nullable String project,
      @Nullable String reason, @Nullable Long bytes, @Nullable String detail) {}

  private static EventView view(CacheEvent e) {
    return new EventView(e.id(), e.at(), e.kind(), e.fingerprint(), e.project(), e.reason(), e.bytes(), e.detail());
  }

  private static long number(String value, long defaultValue, long max, String name) {
    if (value == null) {
      return defaultValue;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("invalid_request", "'" + name + "' must be a whole number from 0 to " + max);
    }
  }
}

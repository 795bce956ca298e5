package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imagecache stats}: the cache's use, as {@code docker system df} shows a daemon's: images, lookups, remotes. */
@Command(name = "stats",
    description = "Show the cache's use: images (total, in use, size, reclaimable), lookups and remotes; -v adds every image.")
public final class StatsCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, description = "Add a row per image (default: totals only).")
  boolean verbose;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    JsonNode stats = api.get("/1.0/cache/stats");
    PrintWriter out = spec.commandLine().getOut();
    if (!output.isTable()) {
      output.print(out, stats, List.of(), x -> List.of());
      return 0;
    }
    Table images = new Table(List.of("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"));
    stats.path("images").forEach(r -> images.add(List.of(r.path("type").asText(), r.path("total").asText(), r.path("active").asText(),
        Formats.size(r.path("size").asLong()), Formats.sizeWithShare(r.path("reclaimable").asLong(), r.path("size").asLong()))));
    images.print(out);
    out.println(store(stats));
    tier(stats).ifPresent(out::println);

    JsonNode l = stats.path("lookups");
    out.println();
    out.println("Since the service started (" + l.path("since").asText("?").replaceFirst("\\.\\d+Z$", "Z") + "; not kept across restarts):");
    new Table(List.of("LOOKUPS", "HIT RATE", "DOWNLOADS", "DOWNLOADED"))
        .add(List.of(l.path("lookups").asText("0"), Formats.percent(stats.path("hit_rate").asDouble()), l.path("downloads").asText("0"),
            Formats.size(l.path("bytes_downloaded").asLong())))
        .print(out);

    out.println();
    Table remotes = new Table(List.of("REMOTE", "STATUS", "CATALOG AGE"));
    stats.path("remotes").forEach(r -> remotes.add(List.of(r.path("name").asText(), r.path("status").asText(),
        r.path("age_seconds").isNumber() ? Ages.human(r.path("age_seconds").asLong()) : "-")));
    remotes.print(out);
    stats.path("remotes").forEach(r -> sourcesLine(r).ifPresent(out::println));

    if (verbose) {
      out.println();
      perImage(api, stats).print(out);
    }
    out.flush();
    return 0;
  }

  /**
   * For a remote with mirrors, where its bytes came from, at a glance: {@code images: 1.2 GiB from 2
   * mirrors, 300 MiB from the upstream (80% of the upstream's bytes saved)}.
   */
  static java.util.Optional<String> sourcesLine(JsonNode remote) {
    JsonNode b = remote.path("source_bytes");
    if (!b.isObject()) {
      return java.util.Optional.empty();
    }
    int mirrors = remote.path("mirrors").size();
    return java.util.Optional.of(remote.path("name").asText() + ": " + Formats.size(b.path("from_mirrors").asLong()) + " from " + mirrors
        + (mirrors == 1 ? " mirror, " : " mirrors, ") + Formats.size(b.path("from_upstream").asLong()) + " from the upstream ("
        + Formats.percent(b.path("saved").asDouble()) + " of the upstream's bytes saved)");
  }

  /**
   * The instances that share the database and what each holds, when there is more than one: {@code
   * Members: cache-1 (12 images), cache-2 (11 images)}. A single host prints no such line.
   */
  static java.util.Optional<String> tier(JsonNode stats) {
    List<String> members = new java.util.ArrayList<>();
    stats.path("members").forEach(m -> members.add(m.path("name").asText() + " (" + m.path("images").asInt()
        + (m.path("images").asInt() == 1 ? " image)" : " images)")));
    return members.size() < 2 ? java.util.Optional.empty() : java.util.Optional.of("Members: " + String.join(", ", members));
  }

  /** The store against its watermarks, flagged when above the high one. */
  static String store(JsonNode stats) {
    String line = "Store: " + Formats.size(stats.path("store_bytes").asLong()) + " of a " + Formats.size(stats.path("filesystem_bytes").asLong())
        + " filesystem; high watermark " + Formats.size(stats.path("high_watermark_bytes").asLong());
    return stats.path("above_high_watermark").asBoolean()
        ? line + ". ABOVE THE HIGH WATERMARK: the next prune deletes cached images down to " + Formats.size(stats.path("low_watermark_bytes").asLong())
        : line;
  }

  /** A row per image of every project the stats count. */
  private static Table perImage(ApiClient api, JsonNode stats) {
    Table t = new Table(List.of("FINGERPRINT", "ALIASES", "PROJECT", "SIZE", "CACHED", "LAST USED", "USED BY"));
    Instant now = Instant.now();
    for (Iterator<String> projects = stats.path("per_project").fieldNames(); projects.hasNext(); ) {
      String project = projects.next();
      for (JsonNode i : api.get("/1.0/images?recursion=1&project=" + ApiPaths.segment(project))) {
        t.add(List.of(Formats.shortFingerprint(i.path("fingerprint").asText()), Formats.names(i.path("aliases")), i.path("project").asText(project),
            Formats.size(i.path("size").asLong()), ImagesListCommand.yesNo(i.path("cached")), Formats.ago(i.path("last_used_at"), now),
            Formats.list(i.path("used_by"))));
      }
    }
    return t;
  }
}

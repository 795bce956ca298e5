package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imagecache prune}: what the prune policy would delete and why (a dry run), or, with {@code --confirm}, deletes it. */
@Command(name = "prune",
    description = "Show what a prune would delete and why; with --confirm, delete it. Explicit, pinned, leased and fresh images are kept.")
public final class PruneCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  static final List<String> HEADERS = List.of("FINGERPRINT", "PROJECT", "ALIASES", "SIZE", "LAST USED", "REASON");

  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Option(names = "--confirm", description = "Delete. Default: a dry run, which only shows the plan.")
  boolean confirm;

  @Option(names = "--reason", paramLabel = "REASON", description = "Only for this reason: ${COMPLETION-CANDIDATES} (repeatable; default: all).")
  List<PruneReason> reasons = new ArrayList<>();

  @Option(names = "--all", description = "Also list every image the prune keeps and why (default: only those a reason would delete).")
  boolean all;

  static final List<String> KEPT_HEADERS = List.of("FINGERPRINT", "PROJECT", "ALIASES", "SIZE", "REASON", "KEPT", "UNTIL");

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dry_run", !confirm);
    body.put("all", all);
    if (!reasons.isEmpty()) {
      body.put("reasons", reasons.stream().map(Enum::name).distinct().toList());
    }
    JsonNode r;
    try {
      r = client.client().post("/1.0/cache/prune", body);
    } catch (CliException e) {
      if ("prune_running".equals(e.reason())) {
        throw new CliException("another prune is running on the service; try again when it has finished");
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean dryRun = r.path("dry_run").asBoolean(!confirm);
    JsonNode items = dryRun ? r.path("plan") : r.path("deleted");
    if (!output.isTable()) {
      output.print(out, r, List.of(), x -> List.of());
      return 0;
    }
    if (items.isEmpty()) {
      out.println("Nothing to prune.");
    } else {
      Instant now = Instant.now();
      output.print(out, items, HEADERS, i -> List.of(Formats.shortFingerprint(i.path("fingerprint").asText()), i.path("project").asText(),
          Formats.names(i.path("aliases")), Formats.size(i.path("size").asLong()), Formats.ago(i.path("last_used_at"), now),
          i.path("reason").asText()));
    }
    out.println((dryRun ? "Would free " + Formats.size(freed(items)) + " (run with --confirm to delete)" : "Freed " + Formats.size(r.path("bytes_freed").asLong())));
    printKept(out, r.path("held"));
    out.flush();
    return 0;
  }

  /** What the prune keeps that a reason would delete (or, with --all, every image it keeps), and why. */
  private void printKept(PrintWriter out, JsonNode held) {
    if (held.isEmpty()) {
      return;
    }
    out.println();
    out.println(all ? "Kept:" : "Held back:");
    output.print(out, held, KEPT_HEADERS, h -> List.of(Formats.shortFingerprint(h.path("fingerprint").asText()), h.path("project").asText(),
        Formats.names(h.path("aliases")), Formats.size(h.path("size").asLong()), h.path("reason").asText("-"),
        h.path("kept").asText(), h.path("until").isTextual() ? Formats.time(h.path("until")) : "-"));
  }

  private static long freed(JsonNode items) {
    long sum = 0;
    for (JsonNode i : items) {
      sum += i.path("bytes_freed").asLong(i.path("size").asLong());
    }
    return sum;
  }
}

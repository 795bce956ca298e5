package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sends a settings change (PATCH /1.0, or its dry run) and prints the values and what the next prune would delete. */
final class ConfigChange {
  private ConfigChange() {}

  static void print(PrintWriter out, ApiClient api, Map<String, String> config, boolean dryRun) {
    JsonNode answer = api.patch(dryRun ? "/1.0?dry_run=true" : "/1.0", Map.of("config", config));
    config.keySet().forEach(k -> out.println(k + ": " + answer.path("config").path(k).asText()
        + (dryRun ? " (dry run: not changed)" : "")));
    JsonNode prune = answer.path("would_prune");
    if (prune.isEmpty()) {
      out.println(dryRun ? "The next prune would delete nothing more." : "The next prune deletes nothing more.");
    } else {
      out.println(dryRun ? "With this, the next prune would delete:" : "The next prune (within a minute) deletes:");
      Table t = new Table(List.of("FINGERPRINT", "PROJECT", "SIZE", "LAST USED", "REASON"));
      Instant now = Instant.now();
      prune.forEach(i -> t.add(List.of(Formats.shortFingerprint(i.path("fingerprint").asText()), i.path("project").asText(),
          Formats.size(i.path("size").asLong()), Formats.ago(i.path("last_used_at"), now), i.path("reason").asText())));
      t.print(out);
    }
    out.flush();
  }
}

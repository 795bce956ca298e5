package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache operations list}: ID, DESCRIPTION, STATUS, PROGRESS, CREATED. */
@Command(name = "list", description = "List the operations the service holds.")
public final class OperationsListCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode ops = client.client().get("/1.0/operations?recursion=1");
    output.print(spec.commandLine().getOut(), ops, List.of("ID", "DESCRIPTION", "STATUS", "PROGRESS", "CREATED"),
        op -> List.of(op.path("id").asText(), Printable.of(op.path("description").asText()), op.path("status").asText(),
            progress(op.path("metadata").path("progress")), Formats.time(op.path("created_at"))));
    return 0;
  }

  /** {@code 45%  230.4KiB/512.0KiB}, or {@code -} for an operation that moved no bytes. */
  static String progress(JsonNode p) {
    long bytes = p.path("bytes").asLong();
    long total = p.path("total").asLong();
    if (bytes == 0 && total == 0) {
      return "-";
    }
    return p.path("percent").asInt() + "%  " + Formats.size(bytes) + "/" + (total > 0 ? Formats.size(total) : "?");
  }
}

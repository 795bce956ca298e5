package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imagecache leases list}: ID, PROJECT, IMAGE, HOLDER, KIND, EXPIRES. */
@Command(name = "list", description = "List the leases (of one project, or all).")
public final class LeasesListCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Option(names = "--project", description = "Only this project's leases (default: all projects).")
  String project;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    JsonNode leases = api.get("/1.0/leases" + (project == null ? "" : "?project=" + ApiPaths.segment(project)));
    output.print(spec.commandLine().getOut(), leases, List.of("ID", "PROJECT", "IMAGE", "HOLDER", "KIND", "EXPIRES"),
        l -> List.of(l.path("id").asText(), l.path("project").asText(),
            Formats.shortFingerprint(l.path("fingerprint").asText()), l.path("holder").asText(),
            l.path("kind").asText(), l.path("expires_at").isTextual() ? Formats.time(l.path("expires_at")) : "never"));
    return 0;
  }
}

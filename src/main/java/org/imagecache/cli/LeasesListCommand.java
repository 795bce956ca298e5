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
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the leases (of one project, or all).")
public final class LeasesListCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Option(names = "--project", description = "Only this project's leases (default: all projects).")
  String project;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    JsonNode leases = api.get("/1.0/leases" + (project == null ? "" : "?project=" + ApiPaths.segment(project)));
    Map<String, String> imageOf = output.isTable() ? imagesByLease(api, leases) : Map.of();
    output.print(spec.commandLine().getOut(), leases, List.of("ID", "PROJECT", "IMAGE", "HOLDER", "KIND", "EXPIRES"),
        l -> List.of(l.path("id").asText(), l.path("project").asText(),
            imageOf.getOrDefault(l.path("id").asText(), "#" + l.path("image_id").asText()), l.path("holder").asText(),
            l.path("kind").asText(), l.path("expires_at").isTextual() ? Formats.time(l.path("expires_at")) : "never"));
    return 0;
  }

  /** Lease id to its image's short fingerprint, from the images of the leases' projects. */
  private static Map<String, String> imagesByLease(ApiClient api, JsonNode leases) {
    Set<String> projects = new LinkedHashSet<>();
    leases.forEach(l -> projects.add(l.path("project").asText()));
    Map<String, String> out = new HashMap<>();
    for (String p : projects) {
      for (JsonNode image : api.get("/1.0/images?recursion=1&project=" + ApiPaths.segment(p))) {
        image.path("leases").forEach(l -> out.put(l.path("id").asText(), Formats.shortFingerprint(image.path("fingerprint").asText())));
      }
    }
    return out;
  }
}

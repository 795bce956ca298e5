package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imagecache images list}: the project's local images, with what uses them. */
@Command(name = "list", description = "List the local images of a project.")
public final class ImagesListCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  static final List<String> HEADERS = List.of("FINGERPRINT", "ALIASES", "DESCRIPTION", "ARCH", "TYPE", "SIZE", "UPLOAD DATE", "CACHED",
      "AUTO-UPDATE", "PINNED", "LAST USED", "USED BY");

  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Option(names = "--project", defaultValue = "default", description = "The project whose images to list (default: ${DEFAULT-VALUE}).")
  String project;

  @Option(names = "--all-projects", description = "List the images of every project, with a PROJECT column (default: one project).")
  boolean allProjects;

  @Override
  public Integer call() {
    JsonNode images = client.client().get("/1.0/images?recursion=1&" + (allProjects ? "all-projects=true" : "project=" + ApiPaths.segment(project)));
    Instant now = Instant.now();
    List<String> headers = new ArrayList<>(HEADERS);
    if (allProjects) {
      headers.add(1, "PROJECT");
    }
    output.print(spec.commandLine().getOut(), images, headers, i -> {
      List<String> row = new ArrayList<>(List.of(Formats.shortFingerprint(i.path("fingerprint").asText()),
          Formats.names(i.path("aliases")), i.path("properties").path("description").asText(""), i.path("architecture").asText(),
          i.path("type").asText(), Formats.size(i.path("size").asLong()), Formats.time(i.path("uploaded_at")),
          yesNo(i.path("cached")), yesNo(i.path("auto_update")), yesNo(i.path("pinned")), Formats.ago(i.path("last_used_at"), now),
          Formats.list(i.path("used_by"))));
      if (allProjects) {
        row.add(1, i.path("project").asText());
      }
      return row;
    });
    return 0;
  }

  static String yesNo(JsonNode flag) {
    return flag.asBoolean() ? "yes" : "no";
  }
}

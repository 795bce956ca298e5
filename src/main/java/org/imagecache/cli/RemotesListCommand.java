package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache remotes list}: NAME, URL, STATUS, AGE, IMAGES, ALIASES, LAST ERROR. */
@Command(name = "list", description = "List the configured remotes and their catalogs' state.")
public final class RemotesListCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode remotes = client.client().get("/1.0/remotes?recursion=1");
    output.print(spec.commandLine().getOut(), remotes, List.of("NAME", "URL", "STATUS", "AGE", "IMAGES", "ALIASES", "LAST ERROR"),
        r -> List.of(r.path("name").asText(), r.path("url").asText(), r.path("status").asText(),
            r.path("age_seconds").isNumber() ? Ages.human(r.path("age_seconds").asLong()) : "-",
            r.path("images").asText(), r.path("aliases").asText(), r.path("last_error").asText("")));
    return 0;
  }
}

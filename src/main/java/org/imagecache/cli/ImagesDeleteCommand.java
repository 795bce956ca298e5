package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagecache images delete FP|ALIAS...}: delete local images (each refused while leased). It tries
 * every one, says what became of each, and exits 1 when any was refused.
 */
@Command(name = "delete", description = "Delete local images (each refused while a lease holds it).")
public final class ImagesDeleteCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0..*", arity = "1..*", paramLabel = "FP|ALIAS", description = "Fingerprints (prefixes of 12 or more) or local aliases.")
  List<String> images;

  @Option(names = "--project", defaultValue = "default", description = "The project of the images (default: ${DEFAULT-VALUE}).")
  String project;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    int refused = 0;
    for (String ref : images) {
      try {
        String fp = ImageRefs.fingerprint(api, project, ref);
        JsonNode r = api.delete("/1.0/images/" + ApiPaths.segment(fp) + "?project=" + ApiPaths.segment(project));
        spec.commandLine().getOut().println("Deleted " + fp + " (freed " + Formats.size(r.path("bytes_freed").asLong()) + ")");
      } catch (CliException e) {
        if (images.size() == 1) {
          throw e;
        }
        refused++;
        spec.commandLine().getErr().println("imagecache: " + ref + ": " + e.getMessage());
      }
    }
    spec.commandLine().getOut().flush();
    return refused == 0 ? 0 : 1;
  }
}

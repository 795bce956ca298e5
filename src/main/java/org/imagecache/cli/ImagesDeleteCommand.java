package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images delete FP|ALIAS}: delete a local image (refused while leased). */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a local image (refused while a lease holds it).")
public final class ImagesDeleteCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FP|ALIAS", description = "A fingerprint (prefix of 12 or more) or a local alias.")
  String image;

  @Option(names = "--project", defaultValue = "default")
  String project;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    String fp = ImageRefs.fingerprint(api, project, image);
    JsonNode r = api.delete("/1.0/images/" + ApiPaths.segment(fp) + "?project=" + ApiPaths.segment(project));
    spec.commandLine().getOut().println("Deleted " + fp + " (freed " + Formats.size(r.path("bytes_freed").asLong()) + ")");
    return 0;
  }
}

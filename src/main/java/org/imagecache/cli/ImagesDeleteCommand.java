package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache images delete FP|ALIAS}: delete a local image (refused while leased). */
@Command(name = "delete", description = "Delete a local image (refused while a lease holds it).")
public final class ImagesDeleteCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Mixin ImageArgument image;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    String fp = image.fingerprint(api);
    JsonNode r = api.delete(image.pathOf(fp, ""));
    spec.commandLine().getOut().println("Deleted " + fp + " (freed " + Formats.size(r.path("bytes_freed").asLong()) + ")");
    return 0;
  }
}

package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images refresh FP|ALIAS}: refresh one image from its source now. */
@Command(name = "refresh", mixinStandardHelpOptions = true, description = "Refresh an image from its source now (as auto-update would).")
public final class ImagesRefreshCommand implements Callable<Integer> {
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
    JsonNode r = api.post("/1.0/images/" + fp + "/refresh?project=" + ApiPaths.segment(project), null);
    spec.commandLine().getOut().println((r.path("refreshed").asBoolean() ? "refreshed: " : "already current: ") + r.path("fingerprint").asText());
    return 0;
  }
}

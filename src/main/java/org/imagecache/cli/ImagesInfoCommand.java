package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images info FP|ALIAS}: every field of one local image. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show every field of a local image.")
public final class ImagesInfoCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FP|ALIAS", description = "A fingerprint (prefix of 12 or more) or a local alias.")
  String image;

  @Option(names = "--project", defaultValue = "default")
  String project;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    String fp = ImageRefs.fingerprint(api, project, image);
    JsonNode info = api.get("/1.0/images/" + ApiPaths.segment(fp) + "?project=" + ApiPaths.segment(project));
    PrintWriter out = spec.commandLine().getOut();
    if (output.isTable()) {
      KeyValues.print(out, info);
      out.flush();
    } else {
      output.print(out, info, List.of(), x -> List.of());
    }
    return 0;
  }
}

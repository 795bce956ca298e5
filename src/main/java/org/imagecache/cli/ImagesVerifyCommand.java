package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagecache images verify [FP|ALIAS]}: re-hash an image's files, or every image's; damaged
 * files are removed by the service (the next lookup fetches them again). Exits 1 when any was damaged.
 */
@Command(name = "verify",
    description = "Re-hash the files of an image (or of every image); damaged files are removed and fetched again by the next lookup.")
public final class ImagesVerifyCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FP|ALIAS",
      description = "A fingerprint (prefix of 12 or more) or a local alias; every image when left out.")
  String image;

  @Option(names = "--project", defaultValue = "default", description = "The project of FP|ALIAS (default: ${DEFAULT-VALUE}).")
  String project;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    List<JsonNode> verdicts = new ArrayList<>();
    if (image == null) {
      api.post("/1.0/images/verify", null).forEach(verdicts::add);
    } else {
      String fp = ImageRefs.fingerprint(api, project, image);
      verdicts.add(api.post("/1.0/images/" + ApiPaths.segment(fp) + "/verify?project=" + ApiPaths.segment(project), null));
    }
    Table table = new Table(List.of("FINGERPRINT", "STATUS", "PROBLEM"));
    int damaged = 0;
    for (JsonNode v : verdicts) {
      boolean ok = v.path("verified").asBoolean();
      damaged += ok ? 0 : 1;
      table.add(List.of(v.path("fingerprint").asText().substring(0, 12), ok ? "ok" : "damaged, removed",
          v.path("problem").isNull() ? "" : v.path("problem").asText()));
    }
    table.print(spec.commandLine().getOut());
    return damaged == 0 ? 0 : 1;
  }
}

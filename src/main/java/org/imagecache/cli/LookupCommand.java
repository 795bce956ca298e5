package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache lookup [REMOTE:]ALIAS|FINGERPRINT}: the launch lookup a runtime makes, from the command line. */
@Command(name = "lookup",
    description = "Resolve an image as a launch would (downloading it once if needed) and print its files.")
public final class LookupCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "[REMOTE:]IMAGE", description = "images:ubuntu/24.04, a fingerprint, or a local alias.")
  String image;

  @Mixin LaunchOptions launch;

  @Option(names = "--alias", description = "Take REF as an alias even when it looks like a fingerprint (12 to 64 hex digits). Default: off.")
  boolean refIsAlias;

  @Option(names = "--instance", description = "Hold an instance lease for this instance until it is deleted (default: only the launch lease).")
  String instance;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    launch.putInto(body);
    LaunchOptions.putImage(body, image, refIsAlias);
    if (instance != null) {
      body.put("instance", instance);
    }
    JsonNode r = client.client().post("/1.0/lookup", body);
    if (output.isTable()) {
      var out = spec.commandLine().getOut();
      out.println("fingerprint: " + r.path("fingerprint").asText());
      out.println("present:     " + r.path("present").asBoolean() + (r.path("downloaded").asBoolean() ? " (downloaded now)" : ""));
      out.println("cached:      " + r.path("cached").asBoolean() + (r.path("cached").asBoolean() ? " (came by a launch; expires unused)" : " (pulled; never expires)"));
      out.println("meta:        " + r.path("files").path("meta").asText());
      if (r.path("files").hasNonNull("root")) {
        out.println("root:        " + r.path("files").path("root").asText());
      }
      out.println("lease:       " + r.path("lease").path("id").asText() + " until " + r.path("lease").path("expires_at").asText());
      out.flush();
    } else {
      output.print(spec.commandLine().getOut(), r, List.of(), x -> List.of());
    }
    return 0;
  }
}

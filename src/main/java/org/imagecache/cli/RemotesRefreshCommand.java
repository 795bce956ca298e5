package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache remotes refresh NAME}: refetch a remote's catalog now. */
@Command(name = "refresh", description = "Refetch a remote's catalog now.")
public final class RemotesRefreshCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name.")
  String name;

  @Override
  public Integer call() {
    JsonNode s = client.client().post("/1.0/remotes/" + ApiPaths.segment(name) + "/refresh", null);
    spec.commandLine().getOut().println(name + ": " + s.path("status").asText() + ", " + s.path("images").asText() + " images, "
        + s.path("aliases").asText() + " aliases");
    return 0;
  }
}

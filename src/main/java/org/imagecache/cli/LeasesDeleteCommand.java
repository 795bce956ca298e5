package org.imagecache.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache leases delete ID...}: release leases (an instance that is gone no longer holds its image). */
@Command(name = "delete", description = "Release leases by ID (see leases list); the images they held may then be pruned.")
public final class LeasesDeleteCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0..*", arity = "1..*", paramLabel = "ID", description = "The leases to release.")
  List<String> ids;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    for (String id : ids) {
      api.delete("/1.0/leases/" + ApiPaths.segment(id));
      spec.commandLine().getOut().println("Released lease " + id);
    }
    return 0;
  }
}

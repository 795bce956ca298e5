package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache operations show ID}: every field of one operation. */
@Command(name = "show", description = "Show every field of one operation.")
public final class OperationsShowCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The operation's id, as 'operations list' shows it.")
  String id;

  @Override
  public Integer call() {
    JsonNode op = client.client().get(OperationsCommand.path(id));
    output.printObject(spec.commandLine().getOut(), op);
    return 0;
  }
}

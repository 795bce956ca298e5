package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagecache operations cancel ID}: cancels a pull or a download; a download that launches wait
 * for is refused ({@code operation_in_use}), as the API does.
 */
@Command(name = "cancel",
    description = "Cancel an operation (a download that launches wait for goes on, and the cancel is refused).")
public final class OperationsCancelCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The operation's id, as 'operations list' shows it.")
  String id;

  @Override
  public Integer call() {
    JsonNode op = client.client().delete(OperationsCommand.path(id));
    PrintWriter out = spec.commandLine().getOut();
    out.println("operation " + id + ": " + op.path("status").asText());
    out.flush();
    return 0;
  }
}

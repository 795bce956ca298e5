package org.imagecache.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache completion bash}: prints a bash completion script (picocli generates it). */
@Command(name = "completion",
    description = "Print a shell completion script: source <(java -jar imagecache.jar completion bash)")
public final class CompletionCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin HelpOption helpOption;
  @Parameters(index = "0", paramLabel = "SHELL", description = "bash (also works for zsh with bashcompinit)")
  String shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Unknown shell '" + shell + "' (bash or zsh)");
    }
    CommandLine root = spec.commandLine();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    spec.commandLine().getOut().print(AutoComplete.bash("imagecache", root));
    spec.commandLine().getOut().flush();
    return 0;
  }
}

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
    description = "Print a shell completion script: source <(imagecache completion bash). It completes commands and options,"
        + " and asks the running service for remotes, fingerprints and aliases.")
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
    // picocli registers imagecache.sh and imagecache.bash too; the launcher is imagecache, registered below
    spec.commandLine().getOut().print(AutoComplete.bash("imagecache", root).replace(" imagecache imagecache.sh imagecache.bash", " imagecache"));
    spec.commandLine().getOut().print(dynamicPart());
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String dynamicPart() {
    try (var in = CompletionCommand.class.getResourceAsStream("completion-dynamic.bash")) {
      if (in == null) {
        throw new IllegalStateException("completion-dynamic.bash is missing from the jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

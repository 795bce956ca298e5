package org.imagecache.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command. Exit codes: 0 success, 1 error, 2 usage error. */
@Command(
    name = "imagecache",
    mixinStandardHelpOptions = true,
    versionProvider = ImageCacheCommand.Version.class,
    description = "Image cache manager beside a container runtime: the service and its admin CLI.")
public final class ImageCacheCommand {
  /** The subcommands, in the order help lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, LookupCommand.class, PullCommand.class,
      ImagesCommand.class, StatsCommand.class, PruneCommand.class, LeasesCommand.class, EventsCommand.class, ConfigCommand.class,
      RemotesCommand.class, MirrorCommand.class, OperationsCommand.class, MakeStreamCommand.class, CompletionCommand.class, CompleteCommand.class, CommandLine.HelpCommand.class);

  /** The commands that log (the others print). */
  private static final java.util.Set<String> SERVICE_COMMANDS = java.util.Set.of("serve", "make-stream");

  /** The whole command tree. */
  static CommandLine commandLine() {
    return withSubcommands(SUBCOMMANDS);
  }

  /**
   * The tree a run needs: only the subcommand it names, when it names one (picocli builds, and instantiates,
   * every command it is given, which is most of a short CLI call's time); the whole tree for help, completion
   * and anything it does not recognise, so that those see every command.
   */
  static CommandLine commandLine(String... args) {
    String first = args.length == 0 ? "" : args[0];
    return SUBCOMMANDS.stream().filter(c -> !c.equals(CommandLine.HelpCommand.class) && !c.equals(CompletionCommand.class))
        .filter(c -> c.getAnnotation(Command.class).name().equals(first)).findFirst()
        .map(c -> withSubcommands(List.of(c)))
        .orElseGet(ImageCacheCommand::commandLine);
  }

  private static CommandLine withSubcommands(List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new ImageCacheCommand());
    subcommands.forEach(c -> cli.addSubcommand(c));
    return cli;
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String... args) {
    quietLibrariesOfClientCommands(args);
    CommandLine cli = commandLine(args);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliException) {
        cmd.getErr().println("imagecache: " + e.getMessage());
      } else {
        cmd.getErr().println("imagecache: " + e);
      }
      return 1;
    });
    return cli.execute(args);
  }

  /**
   * A client command prints what it has to say itself; the libraries it uses (the HTTP client) log
   * nothing, and logback, which only the service needs, is not started (a tenth of a short call's time).
   */
  private static void quietLibrariesOfClientCommands(String... args) {
    String first = args.length == 0 ? "" : args[0];
    if (!SERVICE_COMMANDS.contains(first) && System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }

  /** The version from the jar's manifest. */
  public static String version() {
    String v = ImageCacheCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"imagecache " + version()};
    }
  }
}

package org.imagecache.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command. Exit codes: 0 success, 1 error, 2 usage error. */
@Command(
    name = "imagecache",
    mixinStandardHelpOptions = true,
    versionProvider = ImageCacheCommand.Version.class,
    description = "Image cache manager beside a container runtime: the service and its admin CLI.",
    subcommands = {ServeCommand.class, LookupCommand.class, PullCommand.class, ImagesCommand.class, StatsCommand.class,
        PruneCommand.class, LeasesCommand.class, EventsCommand.class, ConfigCommand.class, RemotesCommand.class,
        OperationsCommand.class, MakeStreamCommand.class, CompletionCommand.class,
        CommandLine.HelpCommand.class})
public final class ImageCacheCommand {

  /** Runs the command line; returns the exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ImageCacheCommand());
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

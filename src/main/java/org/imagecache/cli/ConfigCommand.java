package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache config get|set}: the running service's images.* keys. */
@Command(name = "config",
    description = "Show or change the running service's images.* settings.",
    subcommands = {ConfigGetCommand.class, ConfigSetCommand.class, ConfigUnsetCommand.class})
public final class ConfigCommand {
  @picocli.CommandLine.Mixin HelpOption helpOption;
}

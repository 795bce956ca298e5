package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache remotes list|images|refresh}. */
@Command(name = "remotes", description = "The configured image servers and their catalogs.",
    subcommands = {RemotesListCommand.class, RemotesImagesCommand.class, RemotesRefreshCommand.class})
public final class RemotesCommand {
  @picocli.CommandLine.Mixin HelpOption helpOption;
}

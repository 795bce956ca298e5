package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache leases ...}: what holds images in the cache. */
@Command(name = "leases", description = "Leases: the launches and instances holding images.",
    subcommands = {LeasesListCommand.class, LeasesDeleteCommand.class})
public final class LeasesCommand {
  @picocli.CommandLine.Mixin HelpOption helpOption;
}

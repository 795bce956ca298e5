package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache mirror ca}. */
@Command(name = "mirror", description = "The simplestreams mirror.", subcommands = {MirrorCaCommand.class})
public final class MirrorCommand {
  @picocli.CommandLine.Mixin HelpOption helpOption;
}

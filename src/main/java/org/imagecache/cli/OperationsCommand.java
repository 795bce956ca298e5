package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache operations ...}: the long tasks under way (downloads, pulls), as {@code lxc operation} shows them. */
@Command(name = "operations",
    description = "Operations: the downloads and pulls under way or just finished.",
    subcommands = {OperationsListCommand.class, OperationsShowCommand.class, OperationsCancelCommand.class})
public final class OperationsCommand {
  @picocli.CommandLine.Mixin HelpOption helpOption;
  private OperationsCommand() {}

  /** The API path of one operation, its id checked to be one path segment. */
  static String path(String id) {
    return "/1.0/operations/" + ApiPaths.segment(id);
  }
}

package org.imagecache.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for a subcommand (only the root command has {@code --version}). */
public final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;
}

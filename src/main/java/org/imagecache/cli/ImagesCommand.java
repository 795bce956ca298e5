package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache images ...}: the local images of the running service. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Local images: refresh from their source.",
    subcommands = {ImagesRefreshCommand.class})
public final class ImagesCommand {}

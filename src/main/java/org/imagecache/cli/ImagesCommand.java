package org.imagecache.cli;

import picocli.CommandLine.Command;

/** {@code imagecache images ...}: the local images of the running service. */
@Command(name = "images", description = "Local images: list, show, delete, pin, unpin, refresh, verify, set properties, aliases.",
    subcommands = {ImagesListCommand.class, ImagesInfoCommand.class, ImagesDeleteCommand.class, ImagesPinCommand.class,
        ImagesUnpinCommand.class, ImagesRefreshCommand.class, ImagesVerifyCommand.class, ImagesSetPropertyCommand.class, ImagesEditCommand.class, ImagesAliasCommand.class})
public final class ImagesCommand {
  @picocli.CommandLine.Mixin HelpOption helpOption;
}

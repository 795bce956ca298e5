package org.imagecache.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache images unpin FP|ALIAS}. */
@Command(name = "unpin", description = "Unpin an image: prune may delete it again.")
public final class ImagesUnpinCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Mixin ImageArgument image;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(ImagePins.set(client.client(), image, false));
    return 0;
  }
}

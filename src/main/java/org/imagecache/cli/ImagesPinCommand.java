package org.imagecache.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache images pin FP|ALIAS}. */
@Command(name = "pin", description = "Pin an image: prune never deletes it.")
public final class ImagesPinCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Mixin ImageArgument image;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(ImagePins.set(client.client(), image, true));
    return 0;
  }
}

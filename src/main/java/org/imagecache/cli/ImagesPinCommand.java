package org.imagecache.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images pin FP|ALIAS}. */
@Command(name = "pin", mixinStandardHelpOptions = true, description = "Pin an image: prune never deletes it.")
public final class ImagesPinCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FP|ALIAS", description = "A fingerprint (prefix of 12 or more) or a local alias.")
  String image;

  @Option(names = "--project", defaultValue = "default")
  String project;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(ImagePins.set(client, project, image, true));
    return 0;
  }
}

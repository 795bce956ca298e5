package org.imagecache.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images unpin FP|ALIAS}. */
@Command(name = "unpin", mixinStandardHelpOptions = true, description = "Unpin an image: prune may delete it again.")
public final class ImagesUnpinCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FP|ALIAS", description = "A fingerprint (prefix of 12 or more) or a local alias.")
  String image;

  @Option(names = "--project", defaultValue = "default")
  String project;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(ImagePins.set(client, project, image, false));
    return 0;
  }
}

package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache images info FP|ALIAS}: every field of one local image. */
@Command(name = "info", description = "Show every field of a local image.")
public final class ImagesInfoCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Mixin ImageArgument image;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    JsonNode info = api.get(image.path(api, ""));
    output.printObject(spec.commandLine().getOut(), info);
    return 0;
  }
}

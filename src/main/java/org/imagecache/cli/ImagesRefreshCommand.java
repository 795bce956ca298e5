package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imagecache images refresh FP|ALIAS}: refresh one image from its source now. */
@Command(name = "refresh", description = "Refresh an image from its source now (as auto-update would).")
public final class ImagesRefreshCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Mixin ImageArgument image;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    JsonNode r = api.post(image.path(api, "/refresh"), null);
    spec.commandLine().getOut().println((r.path("refreshed").asBoolean() ? "refreshed: " : "already current: ") + r.path("fingerprint").asText());
    return 0;
  }
}

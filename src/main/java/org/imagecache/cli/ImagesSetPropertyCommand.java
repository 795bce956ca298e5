package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache images set-property FP|ALIAS KEY VALUE}: one property of an image, as {@code lxc image set-property}. */
@Command(name = "set-property", description = "Set one property of a local image (an empty VALUE removes it).")
public final class ImagesSetPropertyCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin ImageArgument image;
  @Spec CommandSpec spec;

  @Parameters(index = "1", paramLabel = "KEY", description = "The property, such as description.")
  String key;

  @Parameters(index = "2", paramLabel = "VALUE", description = "Its value.")
  String value;

  @Override
  public Integer call() {
    ApiClient api = client.client();
    String fp = image.fingerprint(api);
    JsonNode current = api.get(image.pathOf(fp, ""));
    Map<String, String> properties = new LinkedHashMap<>();
    current.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
    if (value.isEmpty()) {
      properties.remove(key);
    } else {
      properties.put(key, value);
    }
    JsonNode after = api.patch(image.pathOf(fp, ""), Map.of("properties", properties));
    spec.commandLine().getOut().println(key + ": " + after.path("properties").path(key).asText(""));
    return 0;
  }
}

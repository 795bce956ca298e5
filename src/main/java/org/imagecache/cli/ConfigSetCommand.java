package org.imagecache.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code imagecache config set KEY VALUE}: changes a setting of the running service (stored; "" unsets). */
@Command(name = "set", description = "Change a setting of the running service (an empty VALUE unsets it).")
public final class ConfigSetCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "KEY", description = "images.auto_update_cached, images.auto_update_interval or images.remote_cache_expiry.")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The new value, in LXD's units: true/false, hours, days.")
  String value;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> config = new HashMap<>();
    config.put(key, value);
    var metadata = client.client().patch("/1.0", Map.of("config", config));
    spec.commandLine().getOut().println(key + ": " + metadata.path("config").path(key).asText());
    return 0;
  }
}

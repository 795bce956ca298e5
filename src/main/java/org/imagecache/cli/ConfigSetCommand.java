package org.imagecache.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code imagecache config set KEY VALUE}: changes a setting of the running service (stored; "" unsets), and
 * says what the prune that follows would delete because of it; {@code --dry-run} shows that and changes nothing.
 */
@Command(name = "set", description = "Change a setting of the running service (an empty VALUE unsets it), and show what the"
    + " prune that follows would delete.")
public final class ConfigSetCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "KEY", description = "images.auto_update_cached, images.auto_update_interval or images.remote_cache_expiry.")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The new value, in LXD's units: true/false, hours, days.")
  String value;

  @Option(names = "--dry-run", description = "Check the value and show what the prune would delete; change nothing (default: apply).")
  boolean dryRun;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> config = new HashMap<>();
    config.put(key, value);
    ConfigChange.print(spec.commandLine().getOut(), client.client(), config, dryRun);
    return 0;
  }
}

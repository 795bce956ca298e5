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

/** {@code imagecache config unset KEY}: back to the configured value, as {@code lxc config unset}. */
@Command(name = "unset", description = "Drop a stored setting (back to the configuration file's value), and show what the prune"
    + " that follows would delete.")
public final class ConfigUnsetCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "KEY", description = "images.auto_update_cached, images.auto_update_interval or images.remote_cache_expiry.")
  String key;

  @Option(names = "--dry-run", description = "Show the value it would go back to and what the prune would delete; change nothing (default: apply).")
  boolean dryRun;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> config = new HashMap<>();
    config.put(key, null);
    ConfigChange.print(spec.commandLine().getOut(), client.client(), config, dryRun);
    return 0;
  }
}

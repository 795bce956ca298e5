package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code imagecache config get [KEY]}: one value, or every key as {@code key: value} lines. */
@Command(name = "get", description = "Print a setting (or all of them).")
public final class ConfigGetCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;

  @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "images.auto_update_cached, images.auto_update_interval or images.remote_cache_expiry")
  String key;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode config = client.client().get("/1.0").path("config");
    if (key == null) {
      if (output.isTable()) {
        config.fields().forEachRemaining(e -> spec.commandLine().getOut().println(e.getKey() + ": " + e.getValue().asText()));
        spec.commandLine().getOut().flush();
      } else {
        output.printObject(spec.commandLine().getOut(), config);
      }
      return 0;
    }
    if (!config.has(key)) {
      throw new CliException("unknown key " + key + " (known: " + String.join(", ", iterable(config)) + ")");
    }
    if (output.isTable()) {
      spec.commandLine().getOut().println(config.get(key).asText());
      spec.commandLine().getOut().flush();
    } else {
      output.printObject(spec.commandLine().getOut(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set(key, config.get(key)));
    }
    return 0;
  }

  private static Iterable<String> iterable(JsonNode node) {
    return node::fieldNames;
  }
}

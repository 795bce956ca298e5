package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.imagecache.config.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagecache remotes images NAME}: the remote's catalog, as {@code lxc image list NAME:} shows it. */
@Command(name = "images", description = "List the images a remote offers.")
public final class RemotesImagesCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The remote's name.")
  String name;

  @Override
  public Integer call() {
    JsonNode images = client.client().get("/1.0/remotes/" + ApiPaths.segment(name) + "/images?recursion=1");
    output.print(spec.commandLine().getOut(), images, List.of("ALIAS", "FINGERPRINT", "ARCH", "TYPE", "SIZE", "DESCRIPTION", "CREATED"),
        i -> List.of(firstAlias(i), i.path("fingerprint").asText().substring(0, 12), i.path("architecture").asText(),
            i.path("type").asText(), Sizes.human(i.path("size").asLong()), i.path("properties").path("description").asText(""),
            i.path("created_at").asText("").replaceFirst("T.*", "")));
    return 0;
  }

  private static String firstAlias(JsonNode image) {
    List<String> names = StreamSupport.stream(image.path("aliases").spliterator(), false).map(a -> a.path("name").asText()).toList();
    return names.isEmpty() ? "" : names.get(0) + (names.size() > 1 ? " (" + (names.size() - 1) + " more)" : "");
  }
}

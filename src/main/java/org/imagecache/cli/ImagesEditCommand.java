package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code imagecache images edit FP|ALIAS}: the image's editable fields (auto_update, pinned, properties) as
 * YAML, as {@code lxc image edit}: in $VISUAL or $EDITOR on a terminal, else read from standard input
 * ({@code imagecache images edit web < image.yaml}).
 */
@Command(name = "edit", description = "Edit an image's auto_update, pinned and properties as YAML: in $VISUAL/$EDITOR on a terminal,"
    + " else read from standard input.")
public final class ImagesEditCommand implements Callable<Integer> {
  private static final Set<String> EDITABLE = Set.of("auto_update", "pinned", "properties");
  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin ImageArgument image;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ApiClient api = client.client();
    String path = image.pathOf(image.fingerprint(api), "");
    JsonNode current = api.get(path);
    ObjectNode editable = YAML.createObjectNode();
    EDITABLE.stream().sorted().forEach(k -> editable.set(k, current.path(k)));
    String text = System.console() != null ? inEditor(YAML.writeValueAsString(editable)) : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    JsonNode edited;
    try {
      edited = YAML.readTree(text);
    } catch (IOException e) {
      throw new CliException("not YAML: " + Optional.ofNullable(e.getMessage()).flatMap(m -> m.lines().findFirst()).orElse(""));
    }
    if (edited == null || !edited.isObject()) {
      throw new CliException("expected a YAML mapping of " + String.join(", ", EDITABLE.stream().sorted().toList()));
    }
    edited.fieldNames().forEachRemaining(k -> {
      if (!EDITABLE.contains(k)) {
        throw new CliException("'" + k + "' cannot be edited (only " + String.join(", ", EDITABLE.stream().sorted().toList()) + ")");
      }
    });
    JsonNode after = api.patch(path, edited);
    spec.commandLine().getOut().println("Edited " + after.path("fingerprint").asText());
    return 0;
  }

  private static String inEditor(String yaml) throws IOException, InterruptedException {
    Path file = Files.createTempFile("imagecache-image-", ".yaml");
    try {
      Files.writeString(file, yaml);
      String editor = firstSet(System.getenv("VISUAL"), System.getenv("EDITOR"), "vi");
      int code = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "editor", file.toString()).inheritIO().start().waitFor();
      if (code != 0) {
        throw new CliException(editor + " exited with " + code + "; nothing changed");
      }
      return Files.readString(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    throw new IllegalStateException("unreachable");
  }
}

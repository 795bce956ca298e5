package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.imagecache.image.CacheEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagecache __complete KIND [WORD]}: the words the completion script offers, one a line, asked of the
 * running service; nothing when it does not answer (a completion never prints an error into the prompt).
 */
@Command(name = "__complete", hidden = true, description = "Print completion candidates (for the completion script).")
public final class CompleteCommand implements Callable<Integer> {
  /** What to complete. */
  enum Kind { remotes, fingerprints, aliases, references, kinds }

  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.")
  Kind kind;

  @Parameters(index = "1", paramLabel = "WORD", defaultValue = "", description = "The word typed so far (default: empty).")
  String word;

  @Option(names = "--project", defaultValue = "default", description = "The project of fingerprints and aliases (default: ${DEFAULT-VALUE}).")
  String project;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      candidates().stream().filter(c -> c.startsWith(word)).forEach(out::println);
    } catch (CliException e) {
      // the service does not answer: no candidates
    }
    out.flush();
    return 0;
  }

  private List<String> candidates() {
    return switch (kind) {
      case kinds -> List.copyOf(CacheEvent.KINDS);
      case remotes -> names(client.client().get("/1.0/remotes?recursion=1"), "name");
      case aliases -> names(client.client().get("/1.0/images/aliases?recursion=1&project=" + ApiPaths.segment(project)), "name");
      case fingerprints -> names(client.client().get("/1.0/images?recursion=1&project=" + ApiPaths.segment(project)), "fingerprint");
      case references -> references();
    };
  }

  /** {@code REMOTE:} for each remote, then {@code REMOTE:ALIAS} for each alias of the remote typed. */
  private List<String> references() {
    int colon = word.indexOf(':');
    if (colon < 0) {
      return names(client.client().get("/1.0/remotes?recursion=1"), "name").stream().map(n -> n + ":").toList();
    }
    String remote = word.substring(0, colon);
    List<String> out = new ArrayList<>();
    for (JsonNode image : client.client().get("/1.0/remotes/" + ApiPaths.segment(remote) + "/images?recursion=1")) {
      image.path("aliases").forEach(a -> out.add(remote + ":" + a.path("name").asText()));
    }
    return out.stream().distinct().sorted().toList();
  }

  private static List<String> names(JsonNode items, String field) {
    return StreamSupport.stream(items.spliterator(), false).map(i -> i.path(field).asText()).filter(s -> !s.isEmpty()).toList();
  }
}

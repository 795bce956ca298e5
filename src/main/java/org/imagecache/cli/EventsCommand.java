package org.imagecache.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imagecache events}: the cache's audit events, newest first. */
@Command(name = "events", description = "List the cache's audit events (downloads, deletions, prunes), newest first.")
public final class EventsCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  @Mixin ClientOptions client;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Option(names = "--kind", paramLabel = "KIND", completionCandidates = Kinds.class,
      description = "Only events of this kind: ${COMPLETION-CANDIDATES} (default: every kind).")
  String kind;

  /** The event kinds, for the help text and completion. */
  static final class Kinds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return org.imagecache.image.CacheEvent.KINDS.iterator();
    }
  }

  @Option(names = "--fingerprint", paramLabel = "FP", description = "Only events of images whose fingerprint starts so (default: every image).")
  String fingerprint;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N events (default: ${DEFAULT-VALUE}, at most 1000).")
  int limit;

  @Override
  public Integer call() {
    if (kind != null && !org.imagecache.image.CacheEvent.KINDS.contains(kind)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Unknown event kind '" + kind + "' (one of "
          + String.join(", ", org.imagecache.image.CacheEvent.KINDS) + ")");
    }
    StringBuilder path = new StringBuilder("/1.0/cache/events?limit=" + limit);
    if (kind != null) {
      path.append("&kind=").append(ApiPaths.segment(kind));
    }
    if (fingerprint != null) {
      path.append("&fingerprint=").append(ApiPaths.segment(fingerprint));
    }
    output.print(spec.commandLine().getOut(), client.client().get(path.toString()),
        List.of("TIME", "KIND", "FINGERPRINT", "PROJECT", "REASON", "BYTES", "DETAIL"),
        e -> List.of(Formats.time(e.path("at")), e.path("kind").asText(), Formats.shortFingerprint(e.path("fingerprint").asText("")),
            e.path("project").asText(""), e.path("reason").asText(""), e.path("bytes").isNumber() ? Formats.size(e.path("bytes").asLong()) : "",
            e.path("detail").asText("")));
    return 0;
  }
}

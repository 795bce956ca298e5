package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code imagecache pull REMOTE:ALIAS}: an explicit pull ({@code POST /1.0/images}), watched to its end with progress. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Pull an image from a remote into the cache explicitly (kept until deleted), showing progress.")
public final class PullCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 200;

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REMOTE:IMAGE", description = "images:ubuntu/24.04 or REMOTE:<fingerprint>.")
  String image;

  @Mixin LaunchOptions launch;

  @Option(names = "--ref-is-alias",
      description = "Take REF as an alias even when it looks like a fingerprint (12 to 64 hex digits); --alias names aliases to create.")
  boolean refIsAlias;

  @Option(names = "--alias", paramLabel = "NAME", description = "Create this local alias for the image (repeatable).")
  List<String> aliases = new ArrayList<>();

  @Option(names = "--auto-update", description = "Keep the image up to date from its source.")
  boolean autoUpdate;

  @Override
  public Integer call() {
    int colon = image.indexOf(':');
    if (colon <= 0 || colon == image.length() - 1) {
      throw new ParameterException(spec.commandLine(), "Expected REMOTE:IMAGE, got '" + image + "'");
    }
    ApiClient api = client.client();
    JsonNode accepted = api.envelope("POST", "/1.0/images", body());
    String operation = accepted.path("operation").asText();
    PrintWriter out = spec.commandLine().getOut();
    JsonNode op = operation.isEmpty() ? accepted.path("metadata") : watch(api, operation, out);
    if (!"Success".equals(op.path("status").asText())) {
      throw new CliException("pull failed: " + op.path("err").asText(op.path("status").asText("unknown status")));
    }
    JsonNode result = op.path("metadata").path("result");
    out.println("Pulled " + result.path("fingerprint").asText() + (result.path("aliases").isEmpty() ? "" : " as " + Printable.of(Formats.names(result.path("aliases")))));
    out.flush();
    return 0;
  }

  private Map<String, Object> body() {
    Map<String, Object> source = new LinkedHashMap<>();
    LaunchOptions.putImage(source, image, refIsAlias);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source", source);
    launch.putInto(body);
    if (!aliases.isEmpty()) {
      body.put("aliases", aliases.stream().map(a -> Map.of("name", a)).toList());
    }
    body.put("auto_update", autoUpdate);
    return body;
  }

  /** Polls the operation until it ends, showing progress; returns its last state. */
  private static JsonNode watch(ApiClient api, String operation, PrintWriter out) {
    ProgressView view = System.console() != null ? new ProgressView.Live(out) : new ProgressView.Plain(out);
    while (true) {
      JsonNode op = api.get(operation);
      ProgressLine line = lineOf(op);
      if (!"Running".equals(op.path("status").asText())) {
        view.finish(line, "Success".equals(op.path("status").asText()));
        return op;
      }
      view.update(line);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
    }
  }

  private static ProgressLine lineOf(JsonNode op) {
    JsonNode p = op.path("metadata").path("progress");
    return new ProgressLine(p.path("bytes").asLong(), p.path("total").asLong(), p.path("speed").asLong());
  }
}

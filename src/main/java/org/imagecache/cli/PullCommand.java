package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code imagecache pull REMOTE:ALIAS}: an explicit pull ({@code POST /1.0/images}), watched to its end with progress. */
@Command(name = "pull",
    description = "Pull an image from a remote into the cache explicitly (kept until deleted), showing progress.")
public final class PullCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;
  private static final long POLL_MILLIS = 200;

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REMOTE:IMAGE", description = "images:ubuntu/24.04 or REMOTE:<fingerprint>.")
  String image;

  @Mixin LaunchOptions launch;

  @Option(names = "--ref-is-alias",
      description = "Take REF as an alias even when it looks like a fingerprint (12 to 64 hex digits); --alias names aliases to create. Default: off.")
  boolean refIsAlias;

  @Option(names = "--alias", paramLabel = "NAME", description = "Create this local alias for the image (repeatable; default: none).")
  List<String> aliases = new ArrayList<>();

  @Option(names = "--auto-update", description = "Keep the image up to date from its source (default: off).")
  boolean autoUpdate;

  @Option(names = "--cancel-on-interrupt",
      description = "On Ctrl-C, cancel the pull and its download (a download a launch also waits for goes on). "
          + "Default: Ctrl-C only stops watching; the pull goes on in the service.")
  boolean cancelOnInterrupt;

  /** Exit code after Ctrl-C, as a shell reports a process that SIGINT ended. */
  static final int INTERRUPTED = 130;

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
    JsonNode op;
    try {
      op = operation.isEmpty() ? accepted.path("metadata") : watch(api, operation, out);
    } catch (Interrupted e) {
      return interrupted(api, operation);
    }
    if (!"Success".equals(op.path("status").asText())) {
      String reason = op.path("metadata").path("reason").asText("");
      throw new CliException("pull failed: " + op.path("err").asText(op.path("status").asText("unknown status"))
          + (reason.isEmpty() ? "" : " (" + reason + ")"), reason);
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

  /** Ctrl-C while watching: the main thread stops polling. */
  private static final class Interrupted extends RuntimeException {
    Interrupted() {
      super(null, null, false, false);
    }
  }

  /**
   * Polls the operation until it ends, showing progress; returns its last state.
   *
   * @throws Interrupted on Ctrl-C
   */
  private static JsonNode watch(ApiClient api, String operation, PrintWriter out) {
    Thread watcher = Thread.currentThread();
    // the flag as well as the interrupt: a library on the polling path may swallow a thread's interrupt
    AtomicBoolean ctrlC = new AtomicBoolean();
    Signal.handle(new Signal("INT"), s -> {
      ctrlC.set(true);
      watcher.interrupt();
    });
    ProgressView view = System.console() != null ? new ProgressView.Live(out) : new ProgressView.Plain(out);
    while (true) {
      JsonNode op = poll(api, operation);
      ProgressLine line = lineOf(op);
      if (!"Running".equals(op.path("status").asText())) {
        view.finish(line, "Success".equals(op.path("status").asText()));
        return op;
      }
      if (ctrlC.get()) {
        view.abandon();
        throw new Interrupted();
      }
      view.update(line);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        view.abandon();
        throw new Interrupted();
      }
    }
  }

  private static JsonNode poll(ApiClient api, String operation) {
    try {
      return api.get(operation);
    } catch (CliException e) {
      if (Thread.interrupted()) {
        throw new Interrupted();
      }
      throw e;
    }
  }

  /** After Ctrl-C: cancels the pull when asked to, else says that it goes on and how to stop it. */
  private int interrupted(ApiClient api, String operation) {
    Thread.interrupted();
    PrintWriter err = spec.commandLine().getErr();
    String id = operation.substring(operation.lastIndexOf('/') + 1);
    if (cancelOnInterrupt) {
      JsonNode op = api.delete(operation);
      err.println("imagecache: interrupted: the pull was cancelled (operation " + id + " is " + op.path("status").asText() + ")");
    } else {
      err.println("imagecache: interrupted: the pull goes on in the service (operation " + id
          + "); follow it with 'imagecache operations show " + id + "', stop it with 'imagecache operations cancel " + id + "'");
    }
    err.flush();
    return INTERRUPTED;
  }

  private static ProgressLine lineOf(JsonNode op) {
    JsonNode p = op.path("metadata").path("progress");
    return new ProgressLine(p.path("bytes").asLong(), p.path("total").asLong(), p.path("speed").asLong());
  }
}

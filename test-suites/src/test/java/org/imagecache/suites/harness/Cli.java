package org.imagecache.suites.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar imagecache.jar ARGS}, to completion or in the background, and captures its output. */
public final class Cli {
  private Cli() {}

  public static ImageCacheProcess.CliResult run(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    return start(env, args).await();
  }

  /** A CLI process under way: Ctrl-C, and its end. */
  public static final class Running {
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Void> drained;

    private Running(Process process) {
      this.process = process;
      drained = CompletableFuture.allOf(CompletableFuture.runAsync(() -> copy(process.getInputStream(), out)),
          CompletableFuture.runAsync(() -> copy(process.getErrorStream(), err)));
    }

    /** Sends SIGINT, as Ctrl-C on a terminal does. */
    public void interrupt() throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -INT " + process.pid() + " failed");
      }
    }

    public ImageCacheProcess.CliResult await() throws InterruptedException {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("CLI did not finish in 120 s: " + process.info().commandLine().orElse("?"));
      }
      drained.join();
      return new ImageCacheProcess.CliResult(process.exitValue(), text(out), text(err));
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
      try (in) {
        byte[] buf = new byte[4096];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          to.write(buf, 0, n);
        }
      } catch (IOException e) {
        to.writeBytes(("<unreadable: " + e + ">").getBytes(StandardCharsets.UTF_8));
      }
    }

    /** The bytes so far as text (the stream's methods are synchronized: the reader may still be writing). */
    private static String text(ByteArrayOutputStream bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Starts {@code java -jar imagecache.jar ARGS} and returns at once. */
  public static Running start(Map<String, String> env, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ImageCacheProcess.java(), "-jar", ImageCacheProcess.jar().toString()));
    cmd.addAll(args);
    return startCommand(env, cmd);
  }

  /** Runs {@code java -jar imagecache.jar ARGS} with this text on its standard input. */
  public static ImageCacheProcess.CliResult runWithInput(Map<String, String> env, List<String> args, String input)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ImageCacheProcess.java(), "-jar", ImageCacheProcess.jar().toString()));
    cmd.addAll(args);
    return startCommand(env, cmd, input).await();
  }

  /** Runs any command (the launcher, a shell) with no IMAGECACHE_* but these, to completion. */
  public static ImageCacheProcess.CliResult runCommand(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    return startCommand(env, cmd).await();
  }

  private static Running startCommand(Map<String, String> env, List<String> cmd) throws IOException {
    return startCommand(env, cmd, "");
  }

  private static Running startCommand(Map<String, String> env, List<String> cmd, String input) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("IMAGECACHE_"));
    // a service this starts gets a mirror port of its own, so that services started side by side never meet on 8443
    pb.environment().put("IMAGECACHE_MIRROR_LISTEN", "127.0.0.1:" + ImageCacheProcess.freePort());
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    return new Running(p);
  }
}

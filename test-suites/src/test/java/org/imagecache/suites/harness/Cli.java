package org.imagecache.suites.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar imagecache.jar ARGS} to completion and captures its output. */
public final class Cli {
  private Cli() {}

  public static ImageCacheProcess.CliResult run(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ImageCacheProcess.java(), "-jar", ImageCacheProcess.jar().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("IMAGECACHE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("CLI did not finish in 120 s: " + args);
    }
    return new ImageCacheProcess.CliResult(p.exitValue(), out.join(), err.join());
  }

  /** A CLI process under way: its output so far, Ctrl-C, and its end. */
  public static final class Running {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<Void> drained;

    private Running(Process process) {
      this.process = process;
      drained = CompletableFuture.allOf(CompletableFuture.runAsync(() -> copy(process.getInputStream(), out)),
          CompletableFuture.runAsync(() -> copy(process.getErrorStream(), err)));
    }

    public String stdoutSoFar() {
      return out.toString();
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
        throw new IllegalStateException("CLI did not finish in 120 s");
      }
      drained.join();
      return new ImageCacheProcess.CliResult(process.exitValue(), out.toString(), err.toString());
    }

    private static void copy(InputStream in, StringBuffer to) {
      try (in) {
        byte[] buf = new byte[4096];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          to.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        to.append("<unreadable: ").append(e).append('>');
      }
    }
  }

  /** Starts {@code java -jar imagecache.jar ARGS} and returns at once. */
  public static Running start(Map<String, String> env, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ImageCacheProcess.java(), "-jar", ImageCacheProcess.jar().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("IMAGECACHE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return new Running(p);
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<unreadable: " + e + ">";
    }
  }
}

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

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<unreadable: " + e + ">";
    }
  }
}

package org.imagecache.suites.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway LXD (Debian's lxd, 5.0.2) with its own LXD_DIR and a {@code dir} storage pool, as
 * {@code ../shared/tools/lxd-reference.sh} starts one. It needs root and the lxd package: without root
 * the calling test is skipped saying so; without the package it is skipped too, except under CI=true,
 * where .ci/run installs it and its absence fails the test.
 */
public final class Lxd implements AutoCloseable {
  private final Path lxdDir;
  private final Path confDir;
  private final Process daemon;

  /** What an lxc command printed and how it ended. */
  public record Result(int exitCode, String output) {}

  private Lxd(Path lxdDir, Path confDir, Process daemon) {
    this.lxdDir = lxdDir;
    this.confDir = confDir;
    this.daemon = daemon;
  }

  /** Whether LXD can run here; skips (or, for a missing package under CI, fails) the calling test otherwise. */
  public static void assumeAvailable() {
    assumeTrue("root".equals(System.getProperty("user.name")), "LXD needs root to run (this runs as " + System.getProperty("user.name")
        + "); the suite runs in CI, which runs as root");
    boolean installed = Files.isExecutable(Path.of("/usr/bin/lxd")) || Files.isExecutable(Path.of("/usr/sbin/lxd"));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("Debian's lxd is not installed: .ci/run installs it (apt-get install lxd squashfs-tools)");
    }
    assumeTrue(installed, "Debian's lxd is not installed (apt-get install lxd squashfs-tools)");
  }

  /** Starts the daemon under {@code work} (the system's trust read now: trust CAs before this). */
  public static Lxd start(Path work) throws IOException, InterruptedException {
    Path lxdDir = Files.createDirectories(work.resolve("lxd"));
    Path confDir = Files.createDirectories(work.resolve("lxc-conf"));
    ProcessBuilder pb = new ProcessBuilder("lxd", "--group", "root").redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("lxd.log").toFile()));
    pb.environment().put("LXD_DIR", lxdDir.toString());
    pb.environment().put("LXD_CONF", confDir.toString());
    Lxd lxd = new Lxd(lxdDir, confDir, pb.start());
    try {
      lxd.must("lxd", "waitready", "--timeout", "60");
      lxd.must("lxc", "storage", "create", "default", "dir");
      lxd.must("lxc", "profile", "device", "add", "default", "root", "disk", "path=/", "pool=default");
    } catch (RuntimeException | IOException e) {
      lxd.close();
      throw e;
    }
    return lxd;
  }

  /** Runs lxc (or lxd) against this daemon. */
  public Result run(String... cmd) throws IOException, InterruptedException {
    // stdin from /dev/null: lxc reads its standard input (for confirmations) and would wait on a pipe for ever
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(Map.of("LXD_DIR", lxdDir.toString(), "LXD_CONF", confDir.toString()));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  /** Runs a command that must succeed; its output. */
  public String must(String... cmd) throws IOException, InterruptedException {
    Result r = run(cmd);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exitCode() + "): " + r.output());
    }
    return r.output();
  }

  /** {@code lxc remote add NAME URL --protocol simplestreams --public}. */
  public void addSimplestreamsRemote(String name, String url) throws IOException, InterruptedException {
    must("lxc", "remote", "add", name, url, "--protocol", "simplestreams", "--public");
  }

  public Path dir() {
    return lxdDir;
  }

  /**
   * Forgets the simplestreams documents LXD keeps (an hour, by their last path component): the lxc
   * client's under {@code LXD_CONF/cache} and the daemon's under {@code LXD_DIR/cache}, so that the
   * next listing asks the server.
   */
  public void clearSimplestreamsCaches() throws IOException {
    for (Path cache : List.of(confDir.resolve("cache"), lxdDir.resolve("cache"))) {
      if (Files.isDirectory(cache)) {
        try (java.util.stream.Stream<Path> all = Files.walk(cache)) {
          for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
            if (!p.equals(cache) && (Files.isRegularFile(p) || p.toString().contains("simplestreams"))) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    List<String> containers = new ArrayList<>(List.of(run("lxc", "list", "--format", "csv", "-c", "n").output().strip().split("\n")));
    for (String c : containers) {
      if (!c.isBlank()) {
        run("lxc", "delete", "--force", c.strip());
      }
    }
    run("lxd", "shutdown");
    if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
      daemon.destroyForcibly().waitFor();
    }
  }
}

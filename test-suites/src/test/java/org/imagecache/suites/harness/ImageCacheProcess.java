package org.imagecache.suites.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar run as a separate process ({@code java -jar imagecache.jar serve}) on a free
 * loopback port with its own data directory and configuration file. Knows nothing of the main code:
 * it speaks HTTP and runs the CLI, like an operator would.
 */
public final class ImageCacheProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final Path configFile;
  private final Path log;
  private final Map<String, String> env;
  private final int port;
  private final int mirrorPort;
  private List<String> jvmOptions = List.of("-Xmx256m");
  private List<String> wrapper = List.of();
  /** The launcher's environment when the service starts through it ({@link #throughLauncher}). */
  private Optional<Map<String, String>> launcherEnv = Optional.empty();
  private Process process;

  private ImageCacheProcess(Path dataDir, Path configFile, Map<String, String> env, int port, int mirrorPort) {
    this.mirrorPort = mirrorPort;
    this.dataDir = dataDir;
    this.configFile = configFile;
    this.log = dataDir.resolveSibling(dataDir.getFileName() + "-service.log");
    this.env = env;
    this.port = port;
  }

  /** The packaged jar under test (system property imagecache.jar, set by the pom). */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("imagecache.jar", "../target/imagecache.jar")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("packaged jar not found at " + jar + " (run `mvn package` at the top first)");
    }
    return jar;
  }

  /** The launcher script of the source tree (system property imagecache.launcher, else ../src/main/sh/imagecache). */
  public static Path launcher() {
    Path launcher = Path.of(System.getProperty("imagecache.launcher", "../src/main/sh/imagecache")).toAbsolutePath().normalize();
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("launcher not found (or not executable) at " + launcher);
    }
    return launcher;
  }

  /**
   * A service with its data under {@code workDir/data} and this extra YAML appended to a configuration
   * that sets listen and data_dir.
   */
  public static ImageCacheProcess create(Path workDir, String extraYaml) throws IOException {
    return create(workDir, extraYaml, Map.of());
  }

  public static ImageCacheProcess create(Path workDir, String extraYaml, Map<String, String> env) throws IOException {
    int port = freePort();
    Path dataDir = workDir.resolve("data");
    Path config = workDir.resolve("imagecache.yaml");
    // the mirror on a port of its own (unless the suite configures it), so that services started side by side never meet on 8443
    int mirrorPort = extraYaml.contains("mirror:") ? 0 : freePort();
    String mirror = mirrorPort == 0 ? "" : "mirror:\n  listen: 127.0.0.1:" + mirrorPort + "\n";
    Files.writeString(config, "listen: 127.0.0.1:" + port + "\n" + "data_dir: " + dataDir + "\n" + mirror + extraYaml);
    return new ImageCacheProcess(dataDir, config, env, port, mirrorPort);
  }

  /** The JVM options of the next {@link #start} (instead of {@code -Xmx256m}). */
  public ImageCacheProcess jvmOptions(String... options) {
    this.jvmOptions = List.of(options);
    return this;
  }

  /** A command the next {@link #start} runs the JVM under (strace, say): its words come first. */
  public ImageCacheProcess wrappedIn(String... command) {
    this.wrapper = List.of(command);
    return this;
  }

  /**
   * Runs the next {@link #start} as {@code imagecache serve} through the launcher script, with this
   * environment added, the JVM options in {@code IMAGECACHE_JAVA_OPTS}.
   */
  public ImageCacheProcess throughLauncher(Map<String, String> environment) {
    this.launcherEnv = Optional.of(Map.copyOf(environment));
    return this;
  }

  /** The process's id (the wrapper's, when there is one). */
  public long pid() {
    return process.pid();
  }

  /** Starts the service and waits until /healthz answers; fails with the log's tail if it exits. */
  public ImageCacheProcess start(String... extraArgs) throws IOException, InterruptedException {
    return launch(Map.of(), List.of(extraArgs));
  }

  /**
   * Starts the service as though {@code passed} had gone by: its clock runs that far ahead of the
   * machine's (the hidden {@code serve --test-clock-offset}, which only {@code IMAGECACHE_TEST_CLOCK=1}
   * allows). Everything the service compares with its clock (last uses, downloads, leases, the catalog's
   * age, the next auto-update) is then that much older, as after a real wait.
   */
  public ImageCacheProcess startAfter(Duration passed, String... extraArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--test-clock-offset=" + passed.toSeconds() + "s"));
    args.addAll(List.of(extraArgs));
    return launch(Map.of("IMAGECACHE_TEST_CLOCK", "1"), args);
  }

  private ImageCacheProcess launch(Map<String, String> extraEnv, List<String> extraArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(wrapper);
    if (launcherEnv.isPresent()) {
      cmd.add(launcher().toString());
    } else {
      cmd.add(java());
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-jar", jar().toString()));
    }
    cmd.addAll(List.of("serve", "--config", configFile.toString()));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("IMAGECACHE_"));
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    launcherEnv.ifPresent(launcher -> {
      pb.environment().putAll(launcher);
      pb.environment().put("IMAGECACHE_JAVA_OPTS", String.join(" ", jvmOptions));
    });
    process = pb.start();
    waitUntilHealthy();
    return this;
  }

  private void waitUntilHealthy() throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    HttpApi anonymous = new HttpApi(baseUrl(), null);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("imagecache exited with " + process.exitValue() + " during start:\n" + logText());
      }
      if (anonymous.isHealthy()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("imagecache did not become healthy in " + START_TIMEOUT + ":\n" + logText());
  }

  /** Sends SIGTERM and waits; returns the exit code. */
  public int stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return process == null ? -1 : process.exitValue();
    }
    if (wrapper.isEmpty()) {
      process.destroy();
    } else {
      process.descendants().forEach(ProcessHandle::destroy); // the service, not its wrapper (strace keeps SIGTERM to itself)
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("imagecache did not stop within 30 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: no chance to clean up. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The mirror's port the harness chose (0 when the suite's YAML configures the mirror itself). */
  public int mirrorPort() {
    return mirrorPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path configFile() {
    return configFile;
  }

  public String token() throws IOException {
    return Files.readString(dataDir.resolve("admin.token")).trim();
  }

  /** An API client holding the right token. */
  public HttpApi api() throws IOException {
    return new HttpApi(baseUrl(), token());
  }

  /** Runs the CLI against this service: {@code java -jar imagecache.jar ARGS --endpoint URL --token-file FILE}. */
  public CliResult cli(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint", baseUrl(), "--token-file", dataDir.resolve("admin.token").toString()));
    return Cli.run(Map.of(), all);
  }

  /** Starts a CLI command against this service and returns at once. */
  public Cli.Running cliStart(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint", baseUrl(), "--token-file", dataDir.resolve("admin.token").toString()));
    return Cli.start(Map.of(), all);
  }

  public String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      stop();
    }
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Every stderr/stdout line and the exit code of a finished command. */
  public record CliResult(int exitCode, String stdout, String stderr) {}

  /** Environment map helper. */
  public static Map<String, String> env(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}

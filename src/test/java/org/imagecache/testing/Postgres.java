package org.imagecache.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package ({@code initdb} and
 * {@code pg_ctl} under {@code /usr/lib/postgresql/<version>/bin}), in a temporary directory, on a
 * free loopback port, trusting local connections; run as the {@code postgres} user when this is root
 * (PostgreSQL refuses to run as root). Without the package the test is skipped with a message; under
 * {@code CI=true} it fails instead, since CI installs it ({@code .ci/run}).
 */
public final class Postgres implements AutoCloseable {
  /** The superuser every test connects as (trusted: no password). */
  public static final String USER = "postgres";
  private final Path dir;
  private final Path data;
  private final List<String> asOwner;
  private final Path bin;
  private final int port;

  private Postgres(Path dir, List<String> asOwner, Path bin, int port) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.asOwner = asOwner;
    this.bin = bin;
    this.port = port;
  }

  /**
   * Starts a cluster in a directory of its own under the system's temporary directory (one the
   * {@code postgres} user can reach: a test's {@code @TempDir} is root's alone); skips the test when
   * PostgreSQL is not installed. {@link #close()} stops it and removes the directory.
   */
  public static Postgres start() throws IOException, InterruptedException {
    Optional<Path> bin = installedBin();
    String missing = "PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it): the PostgreSQL tests cannot run";
    if (bin.isEmpty() && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(missing);
    }
    Assumptions.assumeTrue(bin.isPresent(), missing);
    List<String> asOwner = "root".equals(System.getProperty("user.name")) ? List.of("runuser", "-u", "postgres", "--") : List.of();
    Path dir = Files.createTempDirectory("imagecache-pg-");
    Path data = dir.resolve("data");
    Path sockets = dir.resolve("sockets");
    Files.createDirectories(data);
    Files.createDirectories(sockets);
    if (!asOwner.isEmpty()) {
      run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    int port = freePort();
    Postgres pg = new Postgres(dir, asOwner, bin.get(), port);
    pg.owned(List.of(bin.get().resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"));
    pg.resume();
    return pg;
  }

  /** Stops the server (fast shutdown: connections are cut), keeping its data, as an outage does. */
  public void halt() throws IOException, InterruptedException {
    owned(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
  }

  /** Starts the server on its port and data again; returns once it accepts connections. */
  public void resume() throws IOException, InterruptedException {
    owned(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w",
        "-o", "-p " + port + " -k " + dir.resolve("sockets") + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400", "start"));
  }

  /** The JDBC URL of the cluster's {@code postgres} database, as the {@code postgres} user. */
  public String url() {
    return urlOf("postgres");
  }

  /** The JDBC URL of one of the cluster's databases. */
  public String urlOf(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The loopback port the server listens on, and listens on again after {@link #resume()}. */
  public int port() {
    return port;
  }

  public String user() {
    return USER;
  }

  /** Creates a database of its own (a clean schema for one test) and returns its URL. */
  public String createDatabase(String name) throws IOException, InterruptedException {
    owned(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", name));
    return urlOf(name);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    owned(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    run(List.of("rm", "-rf", dir.toString()));
  }

  private static Optional<Path> installedBin() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).sorted().reduce((a, b) -> b);
    }
  }

  private void owned(List<String> command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(asOwner);
    all.addAll(command);
    run(all);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

package org.imagecache.suites.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package, on a free loopback port, in
 * a directory of its own under the system's temporary directory, run as the {@code postgres} user
 * when the suite runs as root. Connections over TCP need the password of the {@code postgres} role
 * (scram-sha-256), {@link #PASSWORD}; the suite's own SQL goes through {@code psql} on the cluster's
 * socket. Without the package the suite is skipped with a message; under {@code CI=true} it fails,
 * since {@code .ci/run} installs it. {@link #stop()} and {@link #start()} take it down and bring it back
 * with its data.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "suite-secret";

  private final Path dir;
  private final Path bin;
  private final List<String> asOwner;
  private final int port;

  private PostgresServer(Path dir, Path bin, List<String> asOwner, int port) {
    this.dir = dir;
    this.bin = bin;
    this.asOwner = asOwner;
    this.port = port;
  }

  /** A new cluster, started. */
  public static PostgresServer create() throws IOException, InterruptedException {
    Optional<Path> bin = installedBin();
    String missing = "PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it): the PostgreSQL suites cannot run";
    if (bin.isEmpty() && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(missing);
    }
    Assumptions.assumeTrue(bin.isPresent(), missing);
    List<String> asOwner = "root".equals(System.getProperty("user.name")) ? List.of("runuser", "-u", USER, "--") : List.of();
    Path dir = Files.createTempDirectory("imagecache-suite-pg-");
    Files.createDirectories(dir.resolve("sockets"));
    Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n", StandardCharsets.UTF_8);
    if (!asOwner.isEmpty()) {
      run(List.of("chown", "-R", USER, dir.toString()));
    }
    PostgresServer pg = new PostgresServer(dir, bin.get(), asOwner, ImageCacheProcess.freePort());
    pg.owned(List.of(bin.get().resolve("initdb").toString(), "-D", pg.data().toString(), "-U", USER, "--pwfile", dir.resolve("pwfile").toString(),
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale"));
    pg.start();
    return pg;
  }

  private Path data() {
    return dir.resolve("data");
  }

  /** Starts the cluster (again) and waits until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    owned(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
        "-p " + port + " -k " + dir.resolve("sockets") + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"));
  }

  /** Stops the cluster at once (connections are cut, as when the database's machine goes away). */
  public void stop() throws IOException, InterruptedException {
    owned(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
  }

  /** Creates a database; returns its JDBC URL. */
  public String createDatabase(String name) throws IOException, InterruptedException {
    psql("postgres", "CREATE DATABASE " + name);
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** Runs SQL in a database through psql on the cluster's socket; returns its unaligned, tuples-only output. */
  public String psql(String database, String sql) throws IOException, InterruptedException {
    return owned(List.of(bin.resolve("psql").toString(), "-h", dir.resolve("sockets").toString(), "-p", String.valueOf(port), "-U", USER,
        "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)).strip();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      owned(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
    } catch (IllegalStateException alreadyStopped) {
      // stopped by the suite
    }
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

  private String owned(List<String> command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(asOwner);
    all.addAll(command);
    return run(all);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}

package org.imagecache.suites.harness;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's own {@code http.server} serving a directory on loopback, as a process: a real static server
 * that sends {@code Last-Modified} and no ETag, and answers {@code If-Modified-Since} with 304 for any
 * file that is not newer than the date (Apache does the same). Its access log (stderr) is kept in a
 * file and read back as requests.
 */
public final class PythonHttpServer implements AutoCloseable {
  private static final Pattern REQUEST = Pattern.compile("\"(GET|HEAD) (\\S+) HTTP/[0-9.]+\" (\\d{3})");

  /** One request as the server logged it. */
  public record Access(String method, String path, int status) {}

  private final Process process;
  private final int port;
  private final Path log;

  private PythonHttpServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code python3 -m http.server} on a free loopback port and waits until it accepts connections. */
  public static PythonHttpServer serve(Path dir, Path log) throws Exception {
    int port = ImageCacheProcess.freePort();
    Process p = new ProcessBuilder("python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
        dir.toString(), String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    PythonHttpServer server = new PythonHttpServer(p, port, log);
    try {
      Poll.until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("python3 -m http.server exited: " + Files.readString(log));
        }
        return server.accepts();
      });
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private boolean accepts() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** The requests logged so far. */
  public List<Access> log() throws IOException {
    return Files.readAllLines(log).stream()
        .map(REQUEST::matcher)
        .filter(Matcher::find)
        .map(m -> new Access(m.group(1), m.group(2), Integer.parseInt(m.group(3))))
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}

package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.PythonHttpServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download path of the packaged service: many large downloads at once in a small heap, and the
 * order in which a commit reaches the disk (seen by strace, as only fsync ordering can show what a
 * power cut would keep).
 */
class DownloadPathSuite {
  private static final String V1 = "20261101_0000";

  @TempDir Path work;

  /** make-stream of these releases of testos, each with a payload of this size; release -> fingerprint. */
  private Map<String, String> stream(Path dir, String payload, List<String> releases) throws Exception {
    ImageCacheProcess.CliResult r = Cli.run(Map.of(), List.of("make-stream", dir.toString(), "--releases", String.join(",", releases),
        "--versions", V1, "--payload", payload));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode summary = HttpApi.JSON.readTree(r.stdout());
    Map<String, String> out = new LinkedHashMap<>();
    for (String release : releases) {
      out.put(release, summary.get("testos:" + release + ":amd64:default").get(V1).asText());
    }
    return out;
  }

  private static String lookup(String alias) {
    return "{\"remote\":\"big\",\"alias\":\"" + alias + "\"}";
  }

  private static String tail(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }

  private static long peakRssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmHWM for " + pid);
  }

  /**
   * Eight concurrent downloads of distinct 256 MiB images in a 128 MiB heap: every one verifies (its
   * files hash to its fingerprint), the service stays up and logs no OutOfMemoryError. The peak RSS
   * is printed (a figure, not a bound).
   */
  @Test
  @Timeout(600)
  void eightConcurrentDownloadsOfDistinct256MiBImages_allVerifyIn128MiBOfHeap() throws Exception {
    List<String> releases = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    Map<String, String> fps = stream(work.resolve("www"), "256MiB", releases);
    try (SendfileServer www = SendfileServer.serve(work.resolve("www"), work);
        ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  big:\n    url: " + www.url() + "\n"
            + "images:\n  auto_update_interval: 0\n")) {
      svc.jvmOptions("-Xmx128m").start();
      List<HttpApi.Response> answers = lookUpAtOnce(svc.api(), releases);
      for (int i = 0; i < releases.size(); i++) {
        HttpApi.Response r = answers.get(i);
        assertThat(r.status()).as("%s\nthe service's log:\n%s\nthe server's log:\n%s", r.raw(), tail(svc.logText()),
            tail(Files.readString(work.resolve("www.access")))).isEqualTo(200);
        String fp = fps.get(releases.get(i));
        assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(fp);
        JsonNode files = r.metadata().path("files");
        assertThat(Streams.sha256(Path.of(files.path("meta").asText()), Path.of(files.path("root").asText())))
            .as("the files of %s hash to its fingerprint", releases.get(i)).isEqualTo(fp);
      }
      assertThat(svc.isAlive()).isTrue();
      assertThat(svc.logText()).doesNotContain("OutOfMemoryError");
      System.out.println("DownloadPathSuite: 8 concurrent 256 MiB downloads at -Xmx128m, peak RSS " + peakRssMiB(svc.pid()) + " MiB");
    }
  }

  /**
   * Eight concurrent downloads from {@code python3 -m http.server}, which answers HTTP/1.0 and closes
   * the connection after each response, in a 128 MiB heap, four times (a fresh service each round):
   * every lookup answers 200 with files that hash to the fingerprint. Vert.x drops the end of a paused
   * response whose connection closes behind it (HttpClosedException, "Connection was closed"); before
   * the pump stopped pausing a body's last bytes, half the rounds lost a download here.
   */
  @Test
  @Timeout(600)
  void eightConcurrentDownloadsFromAServerThatClosesAfterEachResponse_allVerify() throws Exception {
    List<String> releases = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    Map<String, String> fps = stream(work.resolve("www"), "64MiB", releases);
    try (PythonHttpServer www = PythonHttpServer.serve(work.resolve("www"), work.resolve("www.log"))) {
      for (int round = 1; round <= 4; round++) {
        Path dir = Files.createDirectories(work.resolve("round-" + round));
        try (ImageCacheProcess svc = ImageCacheProcess.create(dir, "remotes:\n  big:\n    url: " + www.url() + "\n"
            + "images:\n  auto_update_interval: 0\n")) {
          svc.jvmOptions("-Xmx128m").start();
          List<HttpApi.Response> answers = lookUpAtOnce(svc.api(), releases);
          for (int i = 0; i < releases.size(); i++) {
            HttpApi.Response r = answers.get(i);
            assertThat(r.status()).as("round %d, %s\nthe service's log:\n%s", round, r.raw(), tail(svc.logText())).isEqualTo(200);
            JsonNode files = r.metadata().path("files");
            assertThat(Streams.sha256(Path.of(files.path("meta").asText()), Path.of(files.path("root").asText())))
                .as("the files of %s hash to its fingerprint", releases.get(i)).isEqualTo(fps.get(releases.get(i)));
          }
          assertThat(svc.logText()).doesNotContain("OutOfMemoryError");
        }
        deleteTree(dir); // half a GiB a round
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Looks up testos/RELEASE of every release at once; the answers in the releases' order. */
  private static List<HttpApi.Response> lookUpAtOnce(HttpApi api, List<String> releases) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(releases.size());
    try {
      List<Callable<HttpApi.Response>> calls = new ArrayList<>();
      for (String release : releases) {
        calls.add(() -> api.post("/1.0/lookup", lookup("testos/" + release)));
      }
      List<HttpApi.Response> out = new ArrayList<>();
      for (Future<HttpApi.Response> f : pool.invokeAll(calls, 300, TimeUnit.SECONDS)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The benchmark's static server ({@code bench/httpd.py}): HTTP/1.1 keep-alive, files sent with
   * sendfile, as a production static server serves them.
   */
  private record SendfileServer(Process process, int port) implements AutoCloseable {
    static SendfileServer serve(Path root, Path work) throws Exception {
      Path portFile = work.resolve("www.port");
      Process p = new ProcessBuilder("python3", Path.of("bench/httpd.py").toAbsolutePath().toString(), root.toString(),
          portFile.toString(), work.resolve("www.access").toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("www.err").toFile()).start();
      org.imagecache.suites.harness.Poll.until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("bench/httpd.py exited: " + Files.readString(work.resolve("www.err")));
        }
        return Files.exists(portFile);
      });
      return new SendfileServer(p, Integer.parseInt(Files.readString(portFile).trim()));
    }

    String url() {
      return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** One traced syscall: its thread, its name and its arguments (as strace -y prints them). */
  private record Call(int line, String name, String args) {}

  private static final Pattern CALL = Pattern.compile("^\\d+\\s+(fsync|fdatasync|rename|renameat|renameat2|pwrite64)\\((.*)$");

  private static List<Call> calls(Path trace) throws IOException {
    List<Call> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(trace);
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = CALL.matcher(lines.get(i));
      if (m.find()) {
        out.add(new Call(i, m.group(1), m.group(2)));
      }
    }
    return out;
  }

  private static int first(List<Call> calls, String what, java.util.function.Predicate<Call> p) {
    return calls.stream().filter(p).mapToInt(Call::line).min()
        .orElseThrow(() -> new AssertionError("the trace has no " + what));
  }

  /**
   * The commit's order on disk: each file's bytes are forced (fsync of its temp file) before the
   * rename that puts it in place, the image directory is synced after the renames, and only then does
   * the database get its record (the first write to the WAL after the files moved). Traced with
   * {@code strace -f -y} around the packaged service.
   */
  @Test
  @Timeout(300)
  void aCommit_syncsEachFileThenRenamesThenSyncsTheDirectoryBeforeTheRecord() throws Exception {
    assertThat(Path.of("/usr/bin/strace")).as("strace (apt-get install strace; .ci/run installs it)").exists();
    String fp = stream(work.resolve("www"), "8MiB", List.of("one")).get("one");
    Path trace = work.resolve("strace.txt");
    try (PythonHttpServer www = PythonHttpServer.serve(work.resolve("www"), work.resolve("www.log"));
        ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  big:\n    url: " + www.url() + "\n"
            + "images:\n  auto_update_interval: 0\n")) {
      svc.wrappedIn("/usr/bin/strace", "-f", "-qq", "-y", "--seccomp-bpf", "-o", trace.toString(),
          "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,pwrite64").start();
      HttpApi.Response r = svc.api().post("/1.0/lookup", lookup("testos/one"));
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.metadata().path("fingerprint").asText()).isEqualTo(fp);
    }

    Path images = work.resolve("data/images").toAbsolutePath();
    List<Call> calls = calls(trace);
    for (String file : List.of(fp + ".rootfs", fp)) {
      String temp = images + "/" + file + ".";
      int synced = first(calls, "fsync of the temp file of " + file,
          c -> c.name().equals("fsync") && c.args().contains("<" + temp) && c.args().contains(".partial>"));
      int renamed = first(calls, "rename of the temp file of " + file + " into place",
          c -> c.name().startsWith("rename") && c.args().contains(temp) && c.args().contains("\"" + images + "/" + file + "\""));
      assertThat(synced).as("%s: its bytes are forced before the rename", file).isLessThan(renamed);
    }
    int lastRename = calls.stream().filter(c -> c.name().startsWith("rename") && c.args().contains(images + "/" + fp))
        .mapToInt(Call::line).max().orElseThrow();
    int firstRename = calls.stream().filter(c -> c.name().startsWith("rename") && c.args().contains(images + "/" + fp))
        .mapToInt(Call::line).min().orElseThrow();
    int dirSynced = first(calls, "fsync of the image directory after the renames",
        c -> c.line() > lastRename && c.name().equals("fsync") && c.args().matches("\\d+<" + Pattern.quote(images.toString()) + ">\\).*"));
    int recorded = first(calls, "write to the database's WAL after the renames",
        c -> c.line() > firstRename && c.name().equals("pwrite64") && c.args().contains("imagecache.db-wal>"));
    assertThat(dirSynced).as("the directory is synced before the database is written").isLessThan(recorded);
  }
}

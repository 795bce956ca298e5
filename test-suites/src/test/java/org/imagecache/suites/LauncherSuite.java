package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code imagecache} launcher as a user installs it (on the PATH, through a link to the source tree's
 * script), its bash completion in a real bash, and how the CLI finds an installed service: the system
 * configuration file and the hint that names how to start it.
 */
class LauncherSuite {
  @TempDir Path work;
  Path bin;
  Path home;

  @BeforeEach
  void install() throws IOException {
    bin = Files.createDirectories(work.resolve("bin"));
    home = Files.createDirectories(work.resolve("home"));
    Files.createSymbolicLink(bin.resolve("imagecache"), ImageCacheProcess.launcher());
  }

  /** The environment of a user with the launcher on the PATH and the jar under test. */
  private Map<String, String> user(String... kv) {
    Map<String, String> env = new HashMap<>(ImageCacheProcess.env(kv));
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("IMAGECACHE_JAR", ImageCacheProcess.jar().toString());
    env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
    return env;
  }

  private Map<String, String> userOf(ImageCacheProcess service) throws IOException {
    return user("IMAGECACHE_ENDPOINT", service.baseUrl(), "IMAGECACHE_TOKEN", service.token());
  }

  private static CliResult ok(CliResult r) {
    assertThat(r.exitCode()).as("exit code; stderr: " + r.stderr() + "; stdout: " + r.stdout()).isZero();
    return r;
  }

  /** {@code imagecache ARGS} as the user types it: the launcher found on the PATH. */
  private CliResult imagecache(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("imagecache").toString()));
    cmd.addAll(List.of(args));
    return Cli.runCommand(env, cmd);
  }

  private List<Path> archives() throws IOException {
    Path dir = home.resolve(".cache/imagecache");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void theLauncherRunsTheCliAndMakesItsClassDataArchiveOnce() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      Map<String, String> env = userOf(f.service);
      CliResult direct = ok(f.service.cli("remotes", "list", "--format", "json"));

      CliResult first = ok(imagecache(env, "remotes", "list", "--format", "json"));
      List<Path> made = archives();
      assertThat(made).as("one archive, no temporary file left").hasSize(1);
      assertThat(made.get(0).getFileName().toString()).matches("cli-[0-9._]+\\.jsa");
      FileTime written = Files.getLastModifiedTime(made.get(0));

      CliResult second = ok(imagecache(env, "remotes", "list", "--format", "json"));
      assertThat(archives()).containsExactlyElementsOf(made);
      assertThat(Files.getLastModifiedTime(made.get(0))).as("the second call maps the archive, it does not rewrite it").isEqualTo(written);
      assertThat(first.stdout()).isEqualTo(direct.stdout());
      assertThat(second.stdout()).isEqualTo(direct.stdout());
      assertThat(first.stderr() + second.stderr()).as("no JVM or logging noise").isEmpty();

      assertThat(ok(imagecache(env, "--version")).stdout()).startsWith("imagecache ");
    }
  }

  /**
   * {@code imagecache serve}: its first start writes the service's class-data archive as it stops (a
   * SIGTERM to the launcher reaches the JVM, which exits 0); the next start is the JVM itself and maps
   * it. Other JVM options get an archive of their own, beside the first.
   */
  @Test
  void theServiceMapsTheClassDataArchiveThatItsFirstStartWroteAsItStopped() throws Exception {
    ImageCacheProcess service = ImageCacheProcess.create(work, "").throughLauncher(user());
    service.start();
    assertThat(archives()).as("nothing before the first stop").isEmpty();
    assertThat(service.stop()).as("exit code of the first start, stopped through the launcher").isZero();
    List<Path> made = archives();
    assertThat(made).as("one archive, no temporary file left").hasSize(1);
    assertThat(made.get(0).getFileName().toString()).matches("serve-[0-9._]+\\.jsa");
    FileTime written = Files.getLastModifiedTime(made.get(0));

    service.start();
    assertThat(Files.readString(Path.of("/proc/" + service.pid() + "/maps"))).as("the service's JVM maps the archive")
        .contains(made.get(0).toString());
    assertThat(service.api().get("/1.0").status()).isEqualTo(200);
    assertThat(service.stop()).isZero();
    assertThat(archives()).containsExactlyElementsOf(made);
    assertThat(Files.getLastModifiedTime(made.get(0))).as("a start with the archive does not rewrite it").isEqualTo(written);

    service.jvmOptions("-Xmx200m").start();
    assertThat(service.stop()).isZero();
    assertThat(archives()).as("other options, another archive; the first stays").hasSize(2).containsAll(made);
    assertThat(service.logText()).as("no JVM noise about the archives").doesNotContain("[cds").doesNotContain("[warning]");
  }

  @Test
  void theLauncherSaysWhereItLookedForAMissingJar() throws Exception {
    Map<String, String> env = user();
    env.put("IMAGECACHE_JAR", work.resolve("nosuch.jar").toString());
    CliResult r = imagecache(env, "--version");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("no imagecache.jar").contains("IMAGECACHE_JAR");
  }

  @Test
  void bashCompletesCommandsAndAsksTheServiceForRemotesAliasesAndFingerprints() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      String fp = api.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("fingerprint").asText();
      List<String> remotes = StreamSupport.stream(api.get("/1.0/remotes?recursion=1").metadata().spliterator(), false)
          .map(r -> r.path("name").asText() + ":").toList();
      List<String> fixtureAliases = StreamSupport.stream(api.get("/1.0/remotes/fixture/images?recursion=1").metadata().spliterator(), false)
          .flatMap(i -> StreamSupport.stream(i.path("aliases").spliterator(), false)).map(a -> a.path("name").asText())
          .filter(a -> a.startsWith("testos/1/")).distinct().sorted().toList();
      assertThat(fixtureAliases).isNotEmpty();

      Map<String, String> completions = complete(userOf(f.service), List.of(
          "imagecache ima",
          "imagecache images li",
          "imagecache lookup ",
          "imagecache pull fixture : testos/1/",
          "imagecache images info ",
          "imagecache remotes images ",
          "imagecache events --kind image-d"));
      assertThat(completions.get("imagecache ima")).isEqualTo("images");
      assertThat(completions.get("imagecache images li")).isEqualTo("list");
      assertThat(completions.get("imagecache lookup ")).isEqualTo(String.join(" ", remotes));
      assertThat(completions.get("imagecache pull fixture : testos/1/")).isEqualTo(String.join(" ", fixtureAliases));
      assertThat(completions.get("imagecache images info ")).isEqualTo(fp);
      assertThat(completions.get("imagecache remotes images ")).isEqualTo(String.join(" ", remotes).replace(":", ""));
      assertThat(completions.get("imagecache events --kind image-d")).isEqualTo("image-downloaded image-deleted image-damaged");
    }
  }

  @Test
  void withoutAServiceCompletionStillDoesCommandsAndPrintsNoError() throws Exception {
    Map<String, String> env = user("IMAGECACHE_ENDPOINT", "http://127.0.0.1:" + ImageCacheProcess.freePort(), "IMAGECACHE_TOKEN", "x");
    Map<String, String> completions = complete(env, List.of("imagecache lookup ", "imagecache ima"));
    assertThat(completions.get("imagecache lookup ")).isEmpty();
    assertThat(completions.get("imagecache ima")).isEqualTo("images");
  }

  /**
   * Sources {@code imagecache completion bash} in bash and asks it to complete each line (the last word
   * may be empty), as bash does at a TAB: COMP_WORDS split as readline splits them, colons apart.
   */
  private Map<String, String> complete(Map<String, String> env, List<String> lines) throws Exception {
    StringBuilder script = new StringBuilder("""
        set -u
        source <(imagecache completion bash) || exit 3
        comp() {
          COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
          _imagecache_dynamic imagecache "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
          printf '%s\\n' "${COMPREPLY[*]}"
        }
        """);
    for (String line : lines) {
      List<String> words = new ArrayList<>(List.of(line.split(" ", -1)));
      script.append("comp");
      words.forEach(w -> script.append(" '").append(w).append("'"));
      script.append('\n');
    }
    CliResult r = Cli.runCommand(env, List.of("bash", "-c", script.toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).as("completion prints nothing on stderr").isEmpty();
    List<String> answers = List.of(r.stdout().split("\n", -1));
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      out.put(lines.get(i), answers.get(i));
    }
    return out;
  }

  @Test
  void theCliReadsTheSystemConfigurationThenTheUsersAndNamesHowToStartTheService() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      Path system = work.resolve("etc-imagecache.yaml");
      Files.writeString(system, "listen: 127.0.0.1:" + f.service.port() + "\ndata_dir: " + f.service.dataDir() + "\n");
      Map<String, String> env = user("IMAGECACHE_SYSTEM_CONFIG", system.toString());

      CliResult listed = ok(imagecache(env, "remotes", "list", "--format", "json"));
      assertThat(listed.stdout()).isEqualTo(ok(f.service.cli("remotes", "list", "--format", "json")).stdout());

      int closed = ImageCacheProcess.freePort();
      Path userConfig = Files.createDirectories(home.resolve(".config/imagecache")).resolve("imagecache.yaml");
      Files.writeString(userConfig, "listen: 127.0.0.1:" + closed + "\n");
      CliResult refused = imagecache(env, "images", "list");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.stderr()).as("the user's file is read over the system's")
          .isEqualTo("imagecache: the imagecache service is not running at http://127.0.0.1:" + closed
              + " (connection refused); start it with: imagecache serve\n");

      CliResult byJar = Cli.run(env, List.of("images", "list"));
      assertThat(byJar.stderr()).endsWith("start it with: java -jar " + ImageCacheProcess.jar() + " serve\n");
    }
  }
}

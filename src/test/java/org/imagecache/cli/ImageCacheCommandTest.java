package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import picocli.CommandLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path tokenFile() throws IOException {
    return Files.writeString(dir.resolve("admin.token"), "d".repeat(64) + "\n");
  }

  /** A loopback port nobody listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyOptionAndParameterIsDescribedAndEveryOptionShowsItsDefault() {
    List<String> problems = new ArrayList<>();
    describe(ImageCacheCommand.commandLine(), problems);
    assertThat(problems).isEmpty();
  }

  private static void describe(CommandLine command, List<String> problems) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    String name = spec.qualifiedName();
    if (command.getParent() != null && spec.optionsMap().containsKey("--version")) {
      problems.add(name + ": --version on a subcommand, where it prints nothing");
    }
    for (CommandLine.Model.OptionSpec o : spec.options()) {
      String text = String.join(" ", o.description());
      if (text.isBlank()) {
        problems.add(name + " " + o.longestName() + ": no description");
      } else if (!o.usageHelp() && !o.versionHelp() && !text.toLowerCase(java.util.Locale.ROOT).contains("default")) {
        problems.add(name + " " + o.longestName() + ": no default shown");
      }
    }
    for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      if (String.join(" ", p.description()).isBlank()) {
        problems.add(name + " " + p.paramLabel() + ": no description");
      }
    }
    command.getSubcommands().values().forEach(sub -> describe(sub, problems));
  }

  @Test
  void valuesTheClientCanCheckAreUsageErrorsBeforeAnyRequest() throws IOException {
    String endpoint = "http://127.0.0.1:" + closedPort();
    String token = tokenFile().toString();
    assertThat(ImageCacheCommand.run("lookup", "demo:testos/1", "--type", "vm", "--endpoint", endpoint, "--token-file", token)).isEqualTo(2);
    assertThat(stderr()).contains("'vm'").contains("container or virtual-machine").doesNotContain("not running");
    assertThat(ImageCacheCommand.run("pull", "demo:testos/1", "--arch", "amd64", "--endpoint", endpoint, "--token-file", token)).isEqualTo(2);
    assertThat(stderr()).contains("'amd64'").contains("x86_64");
    assertThat(ImageCacheCommand.run("serve", "--set", "foo")).isEqualTo(2);
    assertThat(stderr()).contains("'foo' is not KEY=VALUE");
  }

  @Test
  void version_exitsZero() {
    assertThat(ImageCacheCommand.run("--version")).isZero();

    assertThat(stdout()).startsWith("imagecache ");
  }

  @Test
  void help_exitsZero() {
    assertThat(ImageCacheCommand.run("--help")).isZero();

    assertThat(stdout()).contains("serve").contains("config");
  }

  @Test
  void unknownSubcommand_isAUsageError() {
    assertThat(ImageCacheCommand.run("frobnicate")).isEqualTo(2);

    assertThat(stderr()).contains("frobnicate");
  }

  @Test
  void unknownOption_isAUsageError() {
    assertThat(ImageCacheCommand.run("--frobnicate")).isEqualTo(2);

    assertThat(stderr()).contains("--frobnicate");
  }

  @Test
  void unknownOptionOfASubcommand_isAUsageError() {
    assertThat(ImageCacheCommand.run("config", "get", "--no-such-option")).isEqualTo(2);
  }

  @Test
  void configGet_withTheServiceNotRunningExitsOne() throws IOException {
    int code = ImageCacheCommand.run("config", "get", "--endpoint", "http://127.0.0.1:1", "--token-file", tokenFile().toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).startsWith("imagecache: ").contains("not running").contains("http://127.0.0.1:1");
  }

  @Test
  void configSet_withTheServiceNotRunningExitsOne() throws IOException {
    String endpoint = "http://127.0.0.1:" + closedPort();

    int code = ImageCacheCommand.run("config", "set", "images.auto_update_interval", "0",
        "--endpoint", endpoint, "--token-file", tokenFile().toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("not running").contains(endpoint);
  }

  @Test
  void configGet_withAMissingTokenFileExitsOneNamingIt() {
    Path missing = dir.resolve("nope.token");

    int code = ImageCacheCommand.run("config", "get", "--endpoint", "http://127.0.0.1:1", "--token-file", missing.toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains(missing.toString());
  }

  @Test
  void prune_anUnknownReasonIsAUsageError() throws IOException {
    int code = ImageCacheCommand.run("prune", "--reason", "bogus", "--endpoint", "http://127.0.0.1:1", "--token-file", tokenFile().toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("bogus").contains("expired");
  }

  @Test
  void prune_aKnownReasonWithTheServiceNotRunningExitsOne() throws IOException {
    int code = ImageCacheCommand.run("prune", "--reason", "disk_pressure", "--endpoint", "http://127.0.0.1:1", "--token-file", tokenFile().toString());

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).contains("not running");
  }

  @Test
  void pull_withoutARemoteIsAUsageError() throws IOException {
    assertThat(ImageCacheCommand.run("pull", "testos/1", "--endpoint", "http://127.0.0.1:1", "--token-file", tokenFile().toString())).isEqualTo(2);
  }

  @Test
  void everyNewCommandHasHelp() {
    for (String[] cmd : new String[][] {{"stats"}, {"pull"}, {"prune"}, {"events"}, {"leases", "list"}, {"images", "list"},
        {"images", "info"}, {"images", "delete"}, {"images", "pin"}, {"images", "unpin"}}) {
      String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
      args[cmd.length] = "--help";
      assertThat(ImageCacheCommand.run(args)).as(String.join(" ", args)).isZero();
    }
    assertThat(stdout()).contains("--confirm").contains("--alias").contains("--kind");
  }
}

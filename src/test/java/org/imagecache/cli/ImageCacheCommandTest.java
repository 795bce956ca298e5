package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
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

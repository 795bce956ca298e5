package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.imagecache.suites.harness.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's examples as written, in order, in a fresh directory laid out as the clone is after
 * the build (target/imagecache.jar, conf/), against the service started as the README starts it. Only
 * blocks marked {@code <!-- runnable -->} run: in a block of {@code $ command} lines each command's output
 * must match the lines under it (runs of spaces count as one, {@code ...} stands for any text in a line,
 * a line of {@code ...} alone for any lines, {@code [exit N]} for the exit code, 0 when absent); in any
 * other block every line is a command that must exit 0. Variables a block assigns
 * ({@code TOKEN=$(...)}) hold in the blocks after it. The README's port 8470 becomes a free port.
 */
class ReadmeSuite {
  private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Z_]+=.*");
  @TempDir Path work;

  /** One command of a block and what the README shows it printing (null: not shown, only its exit is checked). */
  record Step(int line, String command, List<String> expected, int exit) {}

  static Path readme() {
    return Path.of(System.getProperty("imagecache.readme", "../README.md")).toAbsolutePath().normalize();
  }

  static List<List<Step>> runnableBlocks(List<String> lines) {
    List<List<Step>> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().equals("<!-- runnable -->")) {
        continue;
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
        throw new IllegalStateException("README line " + (i + 1) + ": <!-- runnable --> must come right before a ``` block");
      }
      int start = i + 2;
      int end = start;
      while (!lines.get(end).startsWith("```")) {
        end++;
      }
      blocks.add(steps(lines.subList(start, end), start + 1));
      i = end;
    }
    return blocks;
  }

  private static List<Step> steps(List<String> block, int firstLine) {
    boolean transcript = block.stream().anyMatch(l -> l.startsWith("$ "));
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < block.size(); i++) {
      String line = block.get(i);
      if (transcript && !line.startsWith("$ ")) {
        throw new IllegalStateException("README line " + (firstLine + i) + ": output with no command above it");
      }
      int at = i;
      StringBuilder command = new StringBuilder(transcript ? line.substring(2) : line);
      while (command.toString().endsWith("\\") && i + 1 < block.size()) {
        command.setLength(command.length() - 1);
        command.append(' ').append(block.get(++i).trim());
      }
      if (command.toString().isBlank()) {
        continue;
      }
      List<String> expected = new ArrayList<>();
      int exit = 0;
      while (transcript && i + 1 < block.size() && !block.get(i + 1).startsWith("$ ")) {
        String out = block.get(++i);
        if (out.matches("\\[exit \\d+\\]")) {
          exit = Integer.parseInt(out.replaceAll("\\D", ""));
        } else {
          expected.add(out);
        }
      }
      steps.add(new Step(firstLine + at, command.toString(), transcript ? expected : null, exit));
    }
    return steps;
  }

  /** Whether the output matches what the README shows, as the class comment says. */
  static boolean matches(List<String> expected, List<String> actual) {
    return matches(expected, 0, actual, 0);
  }

  private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
    if (e == expected.size()) {
      return a == actual.size();
    }
    if (expected.get(e).trim().equals("...")) {
      for (int skip = a; skip <= actual.size(); skip++) {
        if (matches(expected, e + 1, actual, skip)) {
          return true;
        }
      }
      return false;
    }
    return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
  }

  static boolean lineMatches(String expected, String actual) {
    String[] parts = squeeze(expected).split(Pattern.quote("..."), -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      regex.append(Pattern.quote(parts[i]));
      if (i < parts.length - 1) {
        regex.append(".*");
      }
    }
    return Pattern.matches(regex.toString(), squeeze(actual));
  }

  private static String squeeze(String s) {
    return s.strip().replaceAll(" +", " ");
  }

  @Test
  void theReadmesRunnableExamplesDoWhatTheySay() throws Exception {
    Path readme = readme();
    List<List<Step>> blocks = runnableBlocks(Files.readAllLines(readme));
    assertThat(blocks).as("runnable blocks in " + readme).hasSizeGreaterThanOrEqualTo(4);

    Path clone = work.resolve("clone");
    Files.createDirectories(clone.resolve("target"));
    Files.createSymbolicLink(clone.resolve("target/imagecache.jar"), ImageCacheProcess.jar());
    Files.createDirectories(clone.resolve("src/main/sh"));
    Files.copy(ImageCacheProcess.launcher(), clone.resolve("src/main/sh/imagecache"));
    int port = ImageCacheProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("IMAGECACHE_LISTEN", "127.0.0.1:" + port);
    env.put("IMAGECACHE_MIRROR_LISTEN", "127.0.0.1:" + ImageCacheProcess.freePort());
    env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
    env.put("PATH", Files.createDirectories(work.resolve("home/.local/bin")) + ":" + System.getenv("PATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));

    ProcessBuilder serve = new ProcessBuilder(ImageCacheProcess.java(), "-jar", "target/imagecache.jar", "serve")
        .directory(clone.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
    serve.environment().keySet().removeIf(k -> k.startsWith("IMAGECACHE_"));
    serve.environment().putAll(env);
    Process service = serve.start();
    try {
      Poll.until(() -> Files.exists(clone.resolve("var/admin.token")) && healthy(port));
      List<String> assignments = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (List<Step> block : blocks) {
        for (Step step : block) {
          String command = step.command().replace("8470", Integer.toString(port));
          String script = String.join("\n", assignments) + "\n" + command + " 2>&1";
          CliResult r = Cli.runCommand(env, List.of("bash", "-c", "cd " + clone + " && " + script));
          List<String> out = r.stdout().lines().toList();
          List<String> expected = step.expected() == null ? null
              : step.expected().stream().map(l -> l.replace("8470", Integer.toString(port))).toList();
          if (r.exitCode() != step.exit()) {
            failures.add("README line " + step.line() + ": `" + step.command() + "` exited " + r.exitCode() + " (expected " + step.exit()
                + "):\n" + r.stdout());
          } else if (expected != null && !matches(expected, out)) {
            failures.add("README line " + step.line() + ": `" + step.command() + "` printed:\n" + r.stdout() + "the README shows:\n"
                + String.join("\n", expected));
          }
          if (ASSIGNMENT.matcher(command).matches()) {
            assignments.add(command);
          }
        }
      }
      assertThat(failures).as("README examples that do not do what the README says").isEmpty();
    } finally {
      service.destroy();
      service.waitFor();
    }
  }

  private static boolean healthy(int port) {
    try {
      return new java.net.URL("http://127.0.0.1:" + port + "/healthz").openConnection() instanceof java.net.HttpURLConnection c
          && c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}

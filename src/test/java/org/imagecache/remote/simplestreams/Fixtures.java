package org.imagecache.remote.simplestreams;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The shared simplestreams fixtures, read in place (never copied into the project). Found through the
 * system property {@code imagecache.fixtures}, else {@code ../shared/fixtures/simplestreams} from the
 * working directory, else the first {@code shared/fixtures/simplestreams} beside the working directory
 * or one of its parents. Tests that need them are skipped when they are absent, except under CI
 * ({@code CI=true} in the environment, as {@code .ci/run} sets it), where the fixtures are part of the
 * machine and a missing folder fails the test instead of hiding it behind a skip.
 */
final class Fixtures {
  static final String RELATIVE = "shared/fixtures/simplestreams";

  private Fixtures() {}

  /** The fixture folder, or null when it cannot be found. */
  static Path find() {
    String property = System.getProperty("imagecache.fixtures");
    if (property != null && !property.isBlank() && Files.isDirectory(Paths.get(property))) {
      return Paths.get(property).toAbsolutePath().normalize();
    }
    Path cwd = Paths.get("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isDirectory(candidate)) {
        return candidate.normalize();
      }
    }
    return null;
  }

  /** The fixture folder; skips the calling test when it is absent (fails it under CI). */
  static Path root() {
    Path root = find();
    present(root != null, "simplestreams fixtures not found (set -Dimagecache.fixtures="
        + "<dir> or place them at ../" + RELATIVE + ")");
    return root;
  }

  /** A fixture file's bytes; skips the calling test when it is absent (fails it under CI). */
  static byte[] read(String relative) {
    Path file = root().resolve(relative);
    present(Files.isRegularFile(file), "fixture " + relative + " not found under " + root());
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void present(boolean found, String what) {
    if (!found && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true and " + what + ": the real-stream tests must run in CI");
    }
    assumeTrue(found, "Skipped: " + what);
  }
}

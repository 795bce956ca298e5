package org.imagecache.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How this copy of imagecache was installed, for hints that name a command the user can run: the systemd
 * unit, the {@code imagecache} launcher (which sets {@code imagecache.launcher}), or the jar itself.
 *
 * @param unit the systemd unit file, when installed
 * @param launcher the launcher's path, when started through it
 * @param jar the jar this runs from, when it runs from a jar
 */
record Installation(Optional<Path> unit, Optional<String> launcher, Optional<Path> jar) {
  static final Path UNIT = Path.of("/etc/systemd/system/imagecache.service");

  static Installation current() {
    return new Installation(Optional.of(UNIT).filter(Files::isRegularFile), launcherName(), runningJar());
  }

  /**
   * {@code imagecache} when the PATH finds this launcher under that name, else the path it was run by
   * (properties {@code imagecache.launcher}, {@code imagecache.launcher.self}: its real path).
   */
  private static Optional<String> launcherName() {
    String ran = System.getProperty("imagecache.launcher");
    if (ran == null || ran.isBlank()) {
      return Optional.empty();
    }
    Path self = Path.of(System.getProperty("imagecache.launcher.self", ran));
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "imagecache");
      if (Files.isExecutable(candidate)) {
        return Optional.of(sameFile(candidate, self) ? "imagecache" : ran);
      }
    }
    return Optional.of(ran);
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The command that starts the service as installed. */
  String startCommand() {
    if (unit.isPresent()) {
      return "systemctl start imagecache";
    }
    return launcher.map(l -> l + " serve").orElseGet(() -> "java -jar " + jar.map(Path::toString).orElse("imagecache.jar") + " serve");
  }

  private static Optional<Path> runningJar() {
    try {
      var source = Installation.class.getProtectionDomain().getCodeSource();
      Path p = source == null ? null : Path.of(source.getLocation().toURI());
      return p != null && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
  }
}

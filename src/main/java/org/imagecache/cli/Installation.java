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
    return new Installation(Optional.of(UNIT).filter(Files::isRegularFile),
        Optional.ofNullable(System.getProperty("imagecache.launcher")).filter(s -> !s.isBlank()), runningJar());
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

package org.imagecache.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The configuration files a client command reads, lowest first: the system's, then the user's. */
final class ConfigFiles {
  static final Path SYSTEM = Path.of("/etc/imagecache/imagecache.yaml");

  private ConfigFiles() {}

  /**
   * The system file ({@code $IMAGECACHE_SYSTEM_CONFIG}, else {@link #SYSTEM}) when it exists, then {@code given}
   * (which must exist), else the user's file under {@code $XDG_CONFIG_HOME} or {@code ~/.config} when it exists.
   */
  static List<Path> forClient(@Nullable Path given, Map<String, String> env) {
    List<Path> files = new ArrayList<>();
    String systemConfig = env.get("IMAGECACHE_SYSTEM_CONFIG");
    Path system = systemConfig != null && !systemConfig.isBlank() ? Path.of(systemConfig) : SYSTEM;
    if (Files.isRegularFile(system)) {
      files.add(system);
    }
    if (given != null) {
      files.add(given);
      return files;
    }
    Path user = userConfigHome(env).resolve("imagecache/imagecache.yaml");
    if (Files.isRegularFile(user)) {
      files.add(user);
    }
    return files;
  }

  private static Path userConfigHome(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
  }
}

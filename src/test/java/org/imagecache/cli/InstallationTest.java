package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstallationTest {
  private static final Path JAR = Path.of("/opt/imagecache/imagecache.jar");

  @Test
  void startCommand_withTheSystemdUnit_isSystemctl() {
    assertThat(new Installation(Optional.of(Installation.UNIT), Optional.of("imagecache"), Optional.of(JAR)).startCommand())
        .isEqualTo("systemctl start imagecache");
  }

  @Test
  void startCommand_throughTheLauncher_namesIt() {
    assertThat(new Installation(Optional.empty(), Optional.of("./src/main/sh/imagecache"), Optional.of(JAR)).startCommand())
        .isEqualTo("./src/main/sh/imagecache serve");
  }

  @Test
  void startCommand_fromTheJar_namesItsPath() {
    assertThat(new Installation(Optional.empty(), Optional.empty(), Optional.of(JAR)).startCommand())
        .isEqualTo("java -jar /opt/imagecache/imagecache.jar serve");
  }
}

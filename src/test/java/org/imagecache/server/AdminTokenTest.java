package org.imagecache.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("admin.token");
  }

  private String storedToken() throws IOException {
    return Files.readString(file()).trim();
  }

  @Test
  void loadOrCreate_createsA64HexTokenReadableOnlyByTheOwner() throws IOException {
    AdminToken token = AdminToken.loadOrCreate(file());

    assertThat(storedToken()).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    assertThat(token.matches(storedToken())).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file());
    }
  }

  @Test
  void loadOrCreate_againReturnsTheSameToken() throws IOException {
    AdminToken.loadOrCreate(file());
    String first = storedToken();

    AdminToken again = AdminToken.loadOrCreate(file());

    assertThat(storedToken()).isEqualTo(first);
    assertThat(again.matches(first)).isTrue();
  }

  @Test
  void loadOrCreate_replacesATokenOthersCouldReadAndTheOldOneStopsWorking() throws IOException {
    String exposed = "c".repeat(64);
    Files.writeString(file(), exposed + "\n");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

    AdminToken loaded = AdminToken.loadOrCreate(file());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    assertThat(storedToken()).hasSize(64).isNotEqualTo(exposed);
    assertThat(loaded.matches(exposed)).isFalse();
    assertThat(loaded.matches(storedToken())).isTrue();
  }

  @Test
  void loadOrCreate_refusesASymlinkedTokenFileAndLeavesItsTargetAlone() throws IOException {
    Path target = Files.writeString(dir.resolve("elsewhere"), "d".repeat(64) + "\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(file(), target);

    assertThatThrownBy(() -> AdminToken.loadOrCreate(file()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(file().toString()).hasMessageContaining("symbolic link");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    assertThat(Files.readString(target)).isEqualTo("d".repeat(64) + "\n");
  }

  @Test
  void loadOrCreate_refusesADirectoryAsTheTokenFile() throws IOException {
    Files.createDirectories(file());
    assertThatThrownBy(() -> AdminToken.loadOrCreate(file()))
        .isInstanceOf(StartupException.class).hasMessageContaining("a directory");
  }

  @Test
  void loadOrCreate_refusesATooShortToken() throws IOException {
    Files.writeString(file(), "short\n");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> AdminToken.loadOrCreate(file()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("too short");
  }

  @Test
  void loadOrCreate_refusesAnEmptyFile() throws IOException {
    Files.createFile(file(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));

    assertThatThrownBy(() -> AdminToken.loadOrCreate(file())).isInstanceOf(StartupException.class);
  }

  @Test
  void loadOrCreate_inAMissingDirectoryFailsNamingTheFile() {
    Path missing = dir.resolve("missing").resolve("admin.token");

    assertThatThrownBy(() -> AdminToken.loadOrCreate(missing))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void matches_onlyTheExactToken() throws IOException {
    AdminToken token = AdminToken.loadOrCreate(file());
    String exact = storedToken();

    assertThat(token.matches(exact)).isTrue();
    assertThat(token.matches(null)).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(exact.substring(0, 63))).isFalse();
    assertThat(token.matches(exact + "0")).isFalse();
    assertThat(token.matches(exact.toUpperCase())).isFalse();
    assertThat(token.matches("0".repeat(64))).isFalse();
  }

  @Test
  void twoCreatedTokens_differ() throws IOException {
    AdminToken.loadOrCreate(file());
    String first = storedToken();
    Path other = dir.resolve("other.token");

    AdminToken second = AdminToken.loadOrCreate(other);

    assertThat(second.matches(first)).isFalse();
  }
}

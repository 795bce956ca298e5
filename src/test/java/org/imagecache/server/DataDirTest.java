package org.imagecache.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
  @TempDir Path tmp;

  @Test
  void acquire_createsTheDirectoryAndSubdirectories() {
    Path data = tmp.resolve("a").resolve("var");

    try (DataDir held = DataDir.acquire(data, data.resolve("images"), data.resolve("catalogs"))) {
      assertThat(held.path()).isEqualTo(data.toAbsolutePath().normalize());
      assertThat(data).isDirectory();
      assertThat(data.resolve("images")).isDirectory();
      assertThat(data.resolve("catalogs")).isDirectory();
    }
  }

  @Test
  void acquire_ofAHeldDirectoryIsRefused() {
    Path data = tmp.resolve("var");
    try (DataDir held = DataDir.acquire(data)) {
      assertThatThrownBy(() -> DataDir.acquire(data))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining(held.path().toString())
          .hasMessageContaining("in use");
    }
  }

  /** Locks the kernel lists for the file or directory (Linux /proc/locks). */
  private static long kernelLocks(Path file) throws IOException {
    long inode = (Long) Files.getAttribute(file, "unix:ino");
    return Files.readAllLines(Path.of("/proc/locks")).stream().filter(l -> l.contains(":" + inode + " ")).count();
  }

  @Test
  void acquire_refusedInTheSameProcessKeepsTheHoldersLock() throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/locks")), "needs Linux /proc/locks");
    Path data = tmp.resolve("var");
    try (DataDir held = DataDir.acquire(data)) {
      assertThat(kernelLocks(data)).isEqualTo(1);

      assertThatThrownBy(() -> DataDir.acquire(data)).isInstanceOf(StartupException.class);
      assertThatThrownBy(() -> DataDir.acquire(tmp.resolve("x").resolve("..").resolve("var")))
          .isInstanceOf(StartupException.class);

      assertThat(kernelLocks(data)).isEqualTo(1);
    }
    assertThat(kernelLocks(data)).isZero();
  }

  @Test
  void close_twiceIsHarmless() {
    Path data = tmp.resolve("var");
    DataDir first = DataDir.acquire(data);
    first.close();
    try (DataDir second = DataDir.acquire(data)) {
      first.close();

      assertThatThrownBy(() -> DataDir.acquire(data)).isInstanceOf(StartupException.class).hasMessageContaining("in use");
    }
  }

  @Test
  void acquire_afterCloseSucceeds() {
    Path data = tmp.resolve("var");
    DataDir.acquire(data).close();

    try (DataDir again = DataDir.acquire(data)) {
      assertThat(again.path()).isEqualTo(data.toAbsolutePath().normalize());
    }
  }

  @Test
  void acquire_belowARegularFileIsRefusedNamingTheDirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    Path data = file.resolve("var");

    assertThatThrownBy(() -> DataDir.acquire(data))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(data.toString());
  }

  @Test
  void acquire_ofARegularFileIsRefusedNamingIt() throws IOException {
    Path data = Files.writeString(tmp.resolve("var"), "x");

    assertThatThrownBy(() -> DataDir.acquire(data))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(data.toString());
  }

  @Test
  void theLockIsOnTheDirectoryItself_noFileDeletedInsideLiftsIt() throws Exception {
    Path data = tmp.resolve("var");
    try (DataDir held = DataDir.acquire(data, data.resolve("images"))) {
      try (var files = Files.list(data)) {
        for (Path p : files.toList()) {
          if (Files.isRegularFile(p)) {
            Files.delete(p);
          }
        }
      }
      Path viaLink = Files.createSymbolicLink(tmp.resolve("link-to-var"), data);
      assertThatThrownBy(() -> DirectoryLock.take(viaLink.toRealPath()))
          .isInstanceOf(DirectoryLock.LockException.class)
          .satisfies(e -> assertThat(((DirectoryLock.LockException) e).refusal).isEqualTo(DirectoryLock.Refusal.HELD_ELSEWHERE));
    }
    try (DirectoryLock again = DirectoryLock.take(data.toRealPath())) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void aSubdirectoryThatResolvesOutsideTheDataDirIsRefusedAndTheLockReleased() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("first/images"));
    Path data = Files.createDirectories(tmp.resolve("second"));
    Files.createSymbolicLink(data.resolve("images"), other);

    assertThatThrownBy(() -> DataDir.acquire(data, data.resolve("images"), data.resolve("catalogs")))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(data.resolve("images").toString())
        .hasMessageContaining("outside data_dir");
    try (DataDir ok = DataDir.acquire(data)) {
      assertThat(ok.path()).isEqualTo(data.toAbsolutePath().normalize());
    }
  }

  @Test
  void aSymlinkedSubdirectoryInsideTheDataDirIsAccepted() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("var"));
    Files.createDirectories(data.resolve("store"));
    Files.createSymbolicLink(data.resolve("images"), data.resolve("store"));
    try (DataDir ok = DataDir.acquire(data, data.resolve("images"))) {
      assertThat(ok.path()).isEqualTo(data.toAbsolutePath().normalize());
    }
  }
}

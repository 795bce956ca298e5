package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreSweepTest {
  @TempDir Path dir;

  @Test
  void tempFilesOfAnInterruptedSaveAreSweptAndNothingElse() throws Exception {
    Files.writeString(dir.resolve("images.zip"), "kept");
    Files.writeString(dir.resolve("images.zip.1a2b3c.tmp"), "left by a kill");
    Files.writeString(dir.resolve("notes.tmp"), "not ours");

    assertThat(new SnapshotStore(dir).sweep()).isEqualTo(1);

    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images.zip", "notes.tmp");
    }
  }
}

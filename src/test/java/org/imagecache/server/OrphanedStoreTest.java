package org.imagecache.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imagecache.files.ImageFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanedStoreTest {
  private static final String FP = "ab".repeat(32);

  @TempDir Path dir;

  private ImageFileStore store() throws Exception {
    return new ImageFileStore(Files.createDirectories(dir.resolve("images")));
  }

  @Test
  void aMissingDatabaseBesideImageFilesStopsTheStartAndSaysHow() throws Exception {
    ImageFileStore store = store();
    Files.writeString(store.metaPath(org.imagecache.image.Fingerprint.of(FP)), "m");
    Path db = dir.resolve("imagecache.db");

    assertThatThrownBy(() -> OrphanedStore.check(db, store))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining(db.toString()).hasMessageContaining("1 image file").hasMessageContaining(FP)
        .hasMessageContaining("mv ").hasMessageContaining("Nothing was changed");
    assertThat(db).doesNotExist();

    Files.createFile(db);
    assertThatThrownBy(() -> OrphanedStore.check(db, store)).as("an empty file is a new database too")
        .isInstanceOf(StartupException.class);
    Files.delete(db);
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE other (x)");
    }
    assertThatThrownBy(() -> OrphanedStore.check(db, store)).as("an SQLite file without imagecache's schema too")
        .isInstanceOf(StartupException.class);
  }

  @Test
  void aNewDatabaseBesideAnEmptyStoreOrAnExistingOneBesideImagesStarts() throws Exception {
    ImageFileStore store = store();
    Files.writeString(store.directory().resolve("README"), "not an image");
    OrphanedStore.check(dir.resolve("imagecache.db"), store);

    Files.writeString(store.metaPath(org.imagecache.image.Fingerprint.of(FP)), "m");
    org.imagecache.store.Migrations.migrate(dir.resolve("imagecache.db"));
    OrphanedStore.check(dir.resolve("imagecache.db"), store);
  }
}

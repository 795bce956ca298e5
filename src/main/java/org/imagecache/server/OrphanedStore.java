package org.imagecache.server;

import java.nio.file.Path;
import java.util.List;
import org.imagecache.files.ImageFileStore;
import org.imagecache.store.Migrations;

/**
 * A start-up check that runs before the database is created or migrated: a database file that is
 * missing (or empty) beside an image store that still holds image files means the database was lost
 * (deleted while the service ran, or not restored with the store). Creating a new one and sweeping
 * would delete every image, explicit pulls included; so the service refuses to start and says how to
 * go on, leaving both as they are.
 */
final class OrphanedStore {
  private OrphanedStore() {}

  /** @throws StartupException when a new database would be created beside image files */
  static void check(Path databaseFile, ImageFileStore store) {
    if (!isNewDatabase(databaseFile)) {
      return;
    }
    List<Path> images = store.listImageFiles();
    if (images.isEmpty()) {
      return;
    }
    throw new StartupException("The database " + databaseFile + " is missing (or holds no imagecache schema) but " + store.directory() + " holds "
        + images.size() + " image file(s) (" + images.get(0).getFileName() + ", ...): starting would create a new"
        + " database and sweep them away. Nothing was changed. Restore the database file, or move the files aside"
        + " to start with an empty store (mv " + store.directory() + " " + store.directory() + ".orphaned)", null);
  }

  /** Missing, empty, or an SQLite file without imagecache's schema (as SQLite makes of a deleted one). */
  private static boolean isNewDatabase(Path file) {
    return !Migrations.hasSchema(file);
  }
}

package org.imagecache.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.imagecache.store.Database;
import org.imagecache.store.Migrations;

/** A real SQLite file, migrated with the production migrations, opened as a {@link Database}. */
public final class TestDatabase {
  private TestDatabase() {}

  /** Migrates {@code dir/imagecache.db} and opens it; close the result when done. */
  public static Database open(Vertx vertx, Path dir) {
    Path file = dir.resolve("imagecache.db");
    Migrations.migrate(file);
    return Database.open(vertx, file);
  }
}

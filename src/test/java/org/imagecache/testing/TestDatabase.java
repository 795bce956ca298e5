package org.imagecache.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.imagecache.store.Database;
import org.imagecache.store.Migrations;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** A real SQLite file, migrated with the production migrations. */
public final class TestDatabase {
  public static final String FILE_NAME = "imagecache.db";

  private TestDatabase() {}

  /** Migrates {@code dir/imagecache.db} and opens it as a {@link Database}; close the result when done. */
  public static Database open(Vertx vertx, Path dir) {
    return Database.open(vertx, migrate(dir));
  }

  /**
   * Migrates {@code dir/imagecache.db} and returns a DSLContext over {@link Database#dataSource} (the
   * production pragmas: WAL, foreign keys on); each statement commits on its own. For repository tests.
   */
  public static DSLContext dsl(Path dir) {
    return DSL.using(Database.dataSource(migrate(dir)), SQLDialect.SQLITE);
  }

  /** Migrates {@code dir/imagecache.db}; returns the file. */
  public static Path migrate(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    Migrations.migrate(file);
    return file;
  }
}

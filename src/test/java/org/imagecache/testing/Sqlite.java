package org.imagecache.testing;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

/**
 * Plain JDBC on a SQLite file whatever database the run's component tests use ({@link Sql} follows
 * {@link TestDatabase}): for the SQLite migrations' own tests.
 */
public final class Sqlite {
  private Sqlite() {}

  /** Runs one statement; returns the update count. */
  public static int execute(Path file, String sql) {
    return Sql.execute(() -> DriverManager.getConnection("jdbc:sqlite:" + file), sql);
  }

  /** The first column of every row of a query, as strings. */
  public static List<String> column(Path file, String sql) {
    return Sql.column(() -> DriverManager.getConnection("jdbc:sqlite:" + file), sql);
  }
}

package org.imagecache.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC on a test's database (SQLite or PostgreSQL, see {@link TestDatabase}), for tests that look
 * under the repositories. The SQL must be valid on both: {@code coalesce}, not {@code ifnull}; booleans
 * as {@code TRUE}/{@code FALSE}.
 */
public final class Sql {
  private Sql() {}

  /** Opens a connection (for {@link Sqlite}, always to a SQLite file). */
  interface Connector {
    Connection connect() throws SQLException;
  }

  /** Runs one statement on the database whose key is {@code file}; returns the update count. */
  public static int execute(Path file, String sql) {
    return execute(() -> TestDatabase.connect(file), sql);
  }

  /** The first column of every row of a query, as strings (or null). */
  public static List<String> column(Path file, String sql) {
    return column(() -> TestDatabase.connect(file), sql);
  }

  static int execute(Connector connector, String sql) {
    try (Connection c = connector.connect(); Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Failed executing " + sql, e);
    }
  }

  static List<String> column(Connector connector, String sql) {
    try (Connection c = connector.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Failed querying " + sql, e);
    }
  }
}

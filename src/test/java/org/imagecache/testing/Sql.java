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

  /** Runs one statement on the database whose key is {@code file}; returns the update count. */
  public static int execute(Path file, String sql) {
    try (Connection c = TestDatabase.connect(file); Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Failed executing " + sql, e);
    }
  }

  /** The first column of every row of a query, as strings. */
  public static List<String> column(Path file, String sql) {
    return rows(file, sql).stream().map(r -> r.get(0)).toList();
  }

  /** Every row of a query, each column as a string (null as "null"). */
  public static List<List<String>> rows(Path file, String sql) {
    try (Connection c = TestDatabase.connect(file); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<List<String>> out = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Failed querying " + sql, e);
    }
  }
}

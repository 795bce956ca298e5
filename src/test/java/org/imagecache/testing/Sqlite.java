package org.imagecache.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC on a SQLite file, for tests that look under the repositories. */
public final class Sqlite {
  private Sqlite() {}

  /** Runs one statement; returns the update count. */
  public static int execute(Path file, String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      return st.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Failed executing " + sql, e);
    }
  }

  /** The first column of every row of a query, as strings. */
  public static List<String> column(Path file, String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
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

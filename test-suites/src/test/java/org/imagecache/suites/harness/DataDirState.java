package org.imagecache.suites.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * What a service's data directory holds, read from outside (read-only, so the service may be running):
 * a textual dump of every table of {@code imagecache.db} and the names of the files under
 * {@code images/}. Two dumps compare equal when nothing changed.
 */
public final class DataDirState {
  private DataDirState() {}

  /**
   * Every row of every table (Flyway's history included), sorted, one line per row, except the tables
   * ({@code "leases"}) and columns ({@code "images.last_used_at"}) named in {@code ignored}.
   */
  public static String dump(Path dataDir, Set<String> ignored) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = readOnly(dataDir)) {
      for (String table : tables(c)) {
        if (ignored.contains(table)) {
          continue;
        }
        out.append("== ").append(table).append('\n');
        List<String> rows = rows(c, table, ignored);
        rows.stream().sorted().forEach(r -> out.append(r).append('\n'));
      }
    }
    return out.toString();
  }

  /** The whole database. */
  public static String dump(Path dataDir) throws SQLException {
    return dump(dataDir, Set.of());
  }

  /** Names of the files in {@code images/}, sorted. */
  public static List<String> imageFiles(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("images");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** {@code PRAGMA integrity_check}'s rows joined ("ok" when sound). */
  public static String integrityCheck(Path dataDir) throws SQLException {
    try (Connection c = readOnly(dataDir); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return String.join("; ", rows);
    }
  }

  /**
   * Runs one UPDATE on the database of a stopped service (its database is ours meanwhile); fails when
   * it changed no row, since every caller means to change something.
   */
  public static int update(Path dataDir, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("imagecache.db")); Statement st = c.createStatement()) {
      int rows = st.executeUpdate(sql);
      if (rows <= 0) {
        throw new AssertionError("no row changed by " + sql);
      }
      return rows;
    }
  }

  /** A read-only connection to the service's database that waits up to 5 s for its writer. */
  public static Connection readOnly(Path dataDir) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("imagecache.db"), config.toProperties());
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<String> rows(Connection c, String table, Set<String> ignored) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String column = md.getColumnName(i);
          if (ignored.contains(table + "." + column)) {
            continue;
          }
          row.append(column).append('=').append(rs.getString(i)).append(' ');
        }
        out.add(row.toString().strip());
      }
    }
    return out;
  }
}

package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.testing.Postgres;
import org.imagecache.testing.Sqlite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations' PostgreSQL variants (sql/postgresql/, the same versions as sql/sqlite/ in
 * PostgreSQL's own types: identity keys, real booleans, 64-bit epochs) on a real PostgreSQL: the same
 * tables and columns as SQLite's, a second run changes nothing, and the constraints hold.
 */
class PostgresMigrationsIT {
  private static final String LATEST = "6";
  @TempDir static Path dir;
  static Postgres pg;

  @BeforeAll
  static void start() throws Exception {
    pg = Postgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void migrate_givesTheSameTablesAndColumnsAsSqlite_andASecondRunChangesNothing() throws Exception {
    String url = pg.createDatabase("same_schema");
    assertThat(Migrations.migratePostgres(url, pg.user(), null)).isEqualTo(LATEST);
    List<String> columns = columns(url);

    Path sqlite = java.nio.file.Files.createDirectories(dir.resolve("sqlite")).resolve("imagecache.db");
    Migrations.migrate(sqlite);
    List<String> sqliteColumns = Sqlite.column(sqlite, "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p "
        + "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'flyway_schema_history' ORDER BY 1");
    assertThat(columns).isEqualTo(sqliteColumns.stream().sorted().toList()).contains("images.fingerprint", "image_files.basename");

    assertThat(Migrations.migratePostgres(url, pg.user(), null)).isEqualTo(LATEST);
    assertThat(columns(url)).isEqualTo(columns);
    assertThat(query(url, "SELECT count(*) FROM flyway_schema_history WHERE success")).containsExactly(LATEST);
  }

  @Test
  void theConstraintsHold_andBooleansAndEpochsArePostgresTypes() throws Exception {
    String url = pg.createDatabase("constraints");
    Migrations.migratePostgres(url, pg.user(), null);
    String fp = "a".repeat(64);
    long epoch = 4_102_444_800_000L; // 2100-01-01: past what 32 bits hold
    execute(url, "INSERT INTO images (project, fingerprint, filename, size, architecture, type, uploaded_at) "
        + "VALUES ('default', '" + fp + "', 'f', 5000000000, 'x86_64', 'container', " + epoch + ")");

    assertThat(query(url, "SELECT cached || ' ' || pinned || ' ' || uploaded_at || ' ' || id FROM images"))
        .containsExactly("false false " + epoch + " 1");
    assertThatThrownBy(() -> execute(url, "INSERT INTO images (project, fingerprint, filename, size, architecture, type, uploaded_at) "
        + "VALUES ('default', '" + fp + "', 'f', 1, 'x86_64', 'container', 1)")).hasMessageContaining("images_project_fingerprint");
    assertThatThrownBy(() -> execute(url, "INSERT INTO images (project, fingerprint, filename, size, architecture, type, uploaded_at) "
        + "VALUES ('default', 'NOT-HEX', 'f', 1, 'x86_64', 'container', 1)")).hasMessageContaining("check constraint");
    execute(url, "INSERT INTO leases (id, image_id, project, holder, kind, created_at) VALUES ('l1', 1, 'default', 'c1', 'instance', 1)");
    assertThatThrownBy(() -> execute(url, "DELETE FROM images WHERE id = 1")).as("a lease refuses the deletion")
        .hasMessageContaining("leases");
  }

  @Test
  void aDatabaseThatIsNotPostgresIsRefusedByName() {
    assertThatThrownBy(() -> Migrations.migratePostgres("jdbc:postgresql://127.0.0.1:1/none", "postgres", null))
        .isInstanceOf(DatabaseException.class).hasMessageStartingWith("Database jdbc:postgresql://127.0.0.1:1/none cannot be migrated");
  }

  /** table.column of every table but Flyway's, sorted here (not by the database's collation). */
  private static List<String> columns(String url) throws SQLException {
    return query(url, "SELECT table_name || '.' || column_name FROM information_schema.columns "
        + "WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'").stream().sorted().toList();
  }

  private static List<String> query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, pg.user(), null); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, pg.user(), null); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}

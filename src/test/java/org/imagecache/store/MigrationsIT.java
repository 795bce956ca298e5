package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.imagecache.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsIT {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("imagecache.db");
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The newest migration in sql/. */
  private static final String LATEST = "6";

  @Test
  void freshFile_migratesToTheLatestVersionWithEveryTable() {
    assertThat(Migrations.migrate(file())).isEqualTo(LATEST);

    assertThat(Sqlite.column(file(), "SELECT name FROM sqlite_master WHERE type = 'table' "
        + "AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history' ORDER BY name"))
        .containsExactly("cache_events", "image_aliases", "image_claims", "image_files", "image_properties", "image_replicas", "image_sources", "image_updates",
            "images", "leases", "members", "mirror_listings", "settings", "superseded_images", "tier_secret");
  }

  /**
   * Every existing database holds these scripts' names and checksums (from before the scripts moved to
   * sql/sqlite/): an edit to one, or a rename, would stop those databases from starting.
   */
  @Test
  void theSqliteScripts_areTheOnesEveryExistingDatabaseRecorded() {
    Path file = dir.resolve("imagecache.db");
    Migrations.migrate(file);
    assertThat(Sqlite.column(file, "SELECT version || ' ' || script || ' ' || checksum FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("1 V1__init.sql -1165210358", "2 V2__auto_update.sql -1787629496", "3 V3__image_files.sql -1006027895",
            "4 V4__mirror_listings.sql 930632374", "5 V5__members_and_replicas.sql -2038508847",
            "6 V6__download_claims.sql -1297837817");
  }

  @Test
  void emptyFile_isMigrated() throws IOException {
    Files.createFile(file());

    assertThat(Migrations.migrate(file())).isEqualTo(LATEST);
  }

  @Test
  void dataSource_usesWalAndForeignKeys() throws SQLException {
    Migrations.migrate(file());

    try (Connection c = Database.dataSource(file()).getConnection()) {
      assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
      assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(c, "busy_timeout")).isEqualTo("5000");
    }
  }

  @Test
  void fileThatIsNotSqlite_isRefusedAndLeftUnchanged() throws IOException {
    byte[] bytes = "not a database, just some text that is longer than the SQLite header\n".getBytes(StandardCharsets.US_ASCII);
    Files.write(file(), bytes);

    assertThatThrownBy(() -> Migrations.migrate(file()))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("not an SQLite database");
    assertThat(Files.readAllBytes(file())).isEqualTo(bytes);
  }

  @Test
  void schemaNewerThanTheCode_isRefusedAndLeftUnchanged() throws IOException {
    Migrations.migrate(file());
    Sqlite.execute(file(), "INSERT INTO flyway_schema_history "
        + "(installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
        + "VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, 1)");
    byte[] before = Files.readAllBytes(file());

    assertThatThrownBy(() -> Migrations.migrate(file()))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("99")
        .hasMessageContaining("newer");
    assertThat(Files.readAllBytes(file())).isEqualTo(before);
    assertThat(Sqlite.column(file(), "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("1", "2", "3", "4", "5", "6", "99");
  }

  @Test
  void migratingTwice_isANoOp() throws IOException {
    Migrations.migrate(file());
    Sqlite.execute(file(), "INSERT INTO settings (key, value, updated_at) VALUES ('images.auto_update_interval', '3', 1)");
    byte[] before = Files.readAllBytes(file());

    assertThat(Migrations.migrate(file())).isEqualTo(LATEST);

    assertThat(Files.readAllBytes(file())).isEqualTo(before);
    assertThat(Sqlite.column(file(), "SELECT version FROM flyway_schema_history ORDER BY installed_rank")).containsExactly("1", "2", "3", "4", "5", LATEST);
    assertThat(Sqlite.column(file(), "SELECT value FROM settings")).containsExactly("3");
  }
}

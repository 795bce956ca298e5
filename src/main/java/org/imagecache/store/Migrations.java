package org.imagecache.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.jspecify.annotations.Nullable;

/**
 * Applies the schema migrations at start-up, after checking that the database is the kind expected
 * and that its schema is not newer than this code knows. Each database has its own scripts of the same
 * versions ({@code sql/<vendor>/V*.sql}, shipped as {@code db/migration/<vendor>/}): SQLite's as they
 * always were (their checksums are in every existing database), PostgreSQL's in its own types.
 *
 * <p>Failure: {@link DatabaseException} with one line naming the file and the cause; in that case
 * nothing has been written to the file.
 */
public final class Migrations {
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private Migrations() {}

  static final String SQLITE = "classpath:db/migration/sqlite";
  static final String POSTGRESQL = "classpath:db/migration/postgresql";

  /** Checks and migrates an SQLite file; returns the schema version now in it. */
  public static String migrate(Path file) {
    checkIsSqlite(file);
    return migrate(file.toString(), Flyway.configure().dataSource(Database.dataSource(file)).locations(SQLITE));
  }

  /**
   * Checks and migrates a PostgreSQL database ({@code jdbc:postgresql://HOST:PORT/DB}); returns the
   * schema version now in it. Messages name the URL without its query (where a password may be).
   */
  public static String migratePostgres(String url, String user, @Nullable String password) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new DatabaseException("Database " + withoutQuery(url) + " is not a PostgreSQL URL (jdbc:postgresql://HOST:PORT/DB)", null);
    }
    return migrate(withoutQuery(url), Flyway.configure().dataSource(url, user, password).locations(POSTGRESQL));
  }

  private static String migrate(String database, org.flywaydb.core.api.configuration.FluentConfiguration config) {
    try {
      Flyway flyway = config.cleanDisabled(true).load();
      checkNotNewer(database, flyway);
      flyway.migrate();
      MigrationInfo current = flyway.info().current();
      return current == null ? "0" : current.getVersion().getVersion();
    } catch (FlywayException e) {
      throw new DatabaseException("Database " + database + " cannot be migrated: " + firstLine(e.getMessage()), e);
    }
  }

  /** A JDBC URL without its options (where a password may be): what messages show. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static void checkNotNewer(String database, Flyway flyway) {
    MigrationInfo[] applied = flyway.info().applied();
    boolean future = Arrays.stream(applied).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS
        || m.getState() == MigrationState.FUTURE_FAILED);
    if (future) {
      MigrationInfo newest = applied[applied.length - 1];
      throw new DatabaseException("Database " + database + " has schema version " + newest.getVersion()
          + ", newer than this imagecache knows; run a newer imagecache (the file was not changed)", null);
    }
    if (Arrays.stream(applied).anyMatch(m -> m.getState() == MigrationState.FAILED)) {
      throw new DatabaseException("Database " + database + " has a failed migration; it was not changed", null);
    }
  }

  /**
   * Whether the file holds imagecache's schema (a migration history), read without writing: false for a
   * missing or empty file, and for an SQLite file without it (as SQLite creates when a connection opens
   * a deleted database's path). A file that is not SQLite at all counts as having one: the migration then
   * refuses it with its own message.
   */
  public static boolean hasSchema(Path file) {
    try {
      if (!Files.exists(file) || Files.size(file) == 0) {
        return false;
      }
      try (InputStream in = Files.newInputStream(file)) {
        if (!Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC)) {
          return true;
        }
      }
    } catch (IOException e) {
      return true;
    }
    org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
    cfg.setReadOnly(true);
    try (java.sql.Connection c = cfg.createConnection("jdbc:sqlite:" + file);
        java.sql.ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
      return rs.next() && rs.getInt(1) > 0;
    } catch (java.sql.SQLException e) {
      return true; // unreadable: the migration names the problem
    }
  }

  /** Refuses a file that is not SQLite, before any driver opens (and might write) it. */
  static void checkIsSqlite(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SQLITE_MAGIC.length);
      if (head.length == 0) {
        return;
      }
      if (!Arrays.equals(head, SQLITE_MAGIC)) {
        throw new DatabaseException("Database " + file + " is not an SQLite database; it was not changed", null);
      }
    } catch (IOException e) {
      throw new DatabaseException("Database " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String firstLine(@Nullable String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }
}

package org.imagecache.testing;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagecache.store.Database;
import org.imagecache.store.Migrations;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a component test runs on, migrated with the production migrations: a real SQLite file
 * ({@code dir/imagecache.db}), or, with {@code -Dimagecache.test.database=postgresql} (the second run
 * of the component tests in {@code verify}), a database of its own on one throwaway PostgreSQL cluster
 * for the whole JVM ({@link Postgres}), named after that same path. Either way the path is the
 * database's key: opening it again (a restart) opens the same records, and {@link Sql} reads them.
 */
public final class TestDatabase {
  public static final String FILE_NAME = "imagecache.db";
  private static final String TEMPLATE = "imagecache_template";
  private static final Map<Path, String> POSTGRES_URLS = new ConcurrentHashMap<>();
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static volatile Postgres cluster;

  private TestDatabase() {}

  /** Whether this run's component tests use PostgreSQL. */
  public static boolean onPostgres() {
    return "postgresql".equals(System.getProperty("imagecache.test.database"));
  }

  /** Skips a test of something only a SQLite file has (its pragmas, its inode) on the PostgreSQL run. */
  public static void assumeSqlite(String what) {
    org.junit.jupiter.api.Assumptions.assumeFalse(onPostgres(), () -> what + ": SQLite's alone, so not on the PostgreSQL run");
  }

  /** Skips a test of what only a database other members share does (it runs in the PostgreSQL run). */
  public static void assumeShared(String what) {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPostgres(), () -> what + ": only on a database members share, so on the PostgreSQL run");
  }

  /** Migrates {@code dir/imagecache.db} (or its PostgreSQL database) and opens it as a {@link Database}; close the result when done. */
  public static Database open(Vertx vertx, Path dir) {
    return openFile(vertx, migrate(dir));
  }

  /** Opens the already migrated database whose key is {@code file} (from {@link #migrate}). */
  public static Database openFile(Vertx vertx, Path file) {
    if (onPostgres()) {
      return Database.openPostgres(vertx, postgresUrl(file), Postgres.USER, null);
    }
    return Database.open(vertx, file);
  }

  /**
   * Migrates {@code dir/imagecache.db} (or its PostgreSQL database) and returns a DSLContext over it,
   * each statement committing on its own (SQLite: {@link Database#dataSource}, the production pragmas).
   * For repository tests.
   */
  public static DSLContext dsl(Path dir) {
    Path file = migrate(dir);
    if (onPostgres()) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(postgresUrl(file));
      ds.setUser(Postgres.USER);
      return DSL.using(ds, SQLDialect.POSTGRES);
    }
    return DSL.using(Database.dataSource(file), SQLDialect.SQLITE);
  }

  /** Migrates {@code dir/imagecache.db}, or creates its PostgreSQL database (migrated) the first time; returns the path, its key. */
  public static Path migrate(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (onPostgres()) {
      POSTGRES_URLS.computeIfAbsent(file.toAbsolutePath(), k -> createDatabase());
    } else {
      Migrations.migrate(file);
    }
    return file;
  }

  /** A plain JDBC connection to the database whose key is {@code file}. */
  static Connection connect(Path file) throws SQLException {
    if (onPostgres()) {
      return DriverManager.getConnection(postgresUrl(file), Postgres.USER, null);
    }
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static String postgresUrl(Path file) {
    String url = POSTGRES_URLS.get(file.toAbsolutePath());
    if (url == null) {
      throw new IllegalStateException("No PostgreSQL database for " + file + ": call TestDatabase.migrate first");
    }
    return url;
  }

  /** A new database copied from a template the production migrations built once. */
  private static String createDatabase() {
    Postgres pg = cluster();
    String name = "t" + NEXT.incrementAndGet();
    try (Connection c = DriverManager.getConnection(pg.url(), Postgres.USER, null); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create the test database " + name, e);
    }
    return pg.urlOf(name);
  }

  private static Postgres cluster() {
    Postgres pg = cluster;
    if (pg != null) {
      return pg;
    }
    synchronized (TestDatabase.class) {
      if (cluster == null) {
        cluster = startCluster();
      }
      return cluster;
    }
  }

  private static Postgres startCluster() {
    try {
      Postgres pg = Postgres.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (Exception e) {
          System.err.println("stopping the test PostgreSQL: " + e);
        }
      }, "test-postgres-stop"));
      try (Connection c = DriverManager.getConnection(pg.url(), Postgres.USER, null); Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + TEMPLATE);
      }
      Migrations.migratePostgres(pg.urlOf(TEMPLATE), Postgres.USER, null);
      return pg;
    } catch (java.io.IOException | SQLException e) {
      throw new IllegalStateException("Cannot start the test PostgreSQL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted starting the test PostgreSQL", e);
    }
  }
}

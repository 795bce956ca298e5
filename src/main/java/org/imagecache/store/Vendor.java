package org.imagecache.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.nio.file.Path;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.SQLDialect;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jspecify.annotations.Nullable;

/** The kind of database behind {@link Database}: how its connections are made, and its SQL dialect. */
sealed interface Vendor {

  /** A pool of {@code size} connections named {@code name}. */
  HikariDataSource pool(String name, int size);

  /** Where jOOQ gets its connections: the pool, unless the vendor needs more. */
  default ConnectionProvider connections(HikariDataSource pool) {
    return new DataSourceConnectionProvider(pool);
  }

  SQLDialect dialect();

  /** The database file, for a database that is one; null for a server's. */
  @Nullable Path file();

  /** What messages call the database: its file, or its URL without the options (where a password may be). */
  String name();

  /** A pool's configuration common to every vendor: its name, at most {@code size} connections, {@code idle} kept open, autocommit. */
  static HikariConfig poolOf(String name, int size, int idle) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name);
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(idle);
    hc.setAutoCommit(true);
    return hc;
  }

  /** The embedded SQLite file, with imagecache's pragmas ({@link Database#dataSource}). */
  record SqliteFile(Path file) implements Vendor {
    @Override
    public HikariDataSource pool(String name, int size) {
      HikariConfig hc = poolOf(name, size, size);
      hc.setDataSource(Database.dataSource(file));
      return new HikariDataSource(hc);
    }

    @Override
    public SQLDialect dialect() {
      return SQLDialect.SQLITE;
    }

    @Override
    public String name() {
      return file.toString();
    }
  }

  /**
   * A PostgreSQL database. No session state, so that PgBouncer in transaction mode may pool the
   * connections: no server-side prepared statements ({@code prepareThreshold=0}), no {@code SET}, no
   * session-level locks. Connecting gives up after 2 s; a connection that answers nothing for 30 s is
   * closed. An option the URL names wins over these.
   */
  record Postgres(String url, String user, @Nullable String password) implements Vendor {
    static final int CONNECT_SECONDS = 2;

    @Override
    public HikariDataSource pool(String name, int size) {
      HikariConfig hc = poolOf(name, size, 1);
      hc.setDataSource(server("imagecache"));
      hc.setConnectionTimeout(CONNECT_SECONDS * 1000L);
      return new HikariDataSource(hc);
    }

    /** The pool, or the server itself while the pool holds no connection ({@link ServerConnections}). */
    @Override
    public ConnectionProvider connections(HikariDataSource pool) {
      return new ServerConnections(pool);
    }

    /**
     * Unpooled connections to the server with the options above, named {@code application} (what
     * {@code pg_stat_activity} shows): the pools' and the {@code LISTEN} connection's.
     */
    DataSource server(String application) {
      Properties options = new Properties();
      options.put("connectTimeout", String.valueOf(CONNECT_SECONDS));
      options.put("loginTimeout", String.valueOf(CONNECT_SECONDS));
      options.put("socketTimeout", "30");
      options.put("prepareThreshold", "0");
      options.put("tcpKeepAlive", "true");
      options.put("ApplicationName", application);
      return new DriverDataSource(url, null, options, user, password);
    }

    @Override
    public SQLDialect dialect() {
      return SQLDialect.POSTGRES;
    }

    @Override
    public @Nullable Path file() {
      return null;
    }

    @Override
    public String name() {
      return Migrations.withoutQuery(url);
    }

    @Override
    public String toString() {
      return "Postgres[url=" + name() + ", user=" + user + "]";
    }
  }
}

package org.imagecache.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;

/**
 * jOOQ's connections to a database server: borrowed from a Hikari pool or, while the pool holds none,
 * made straight from the server for the one caller (one attempt within the connect budget; closed, not
 * pooled, after use).
 *
 * <p>Why: once an outage has emptied the pool, Hikari's connection adder waits longer and longer
 * between attempts, up to 5 s, and a caller waits for it only the 2 s of the connect budget. So a pool
 * could go on refusing reads and writes for seconds after the server is back. A direct connection
 * answers as soon as the server does, and fails at once while the server refuses; the pool refills
 * itself meanwhile and is used again as soon as it holds a connection.
 */
final class ServerConnections implements ConnectionProvider {
  private final HikariDataSource pool;
  private final DataSource server;

  /** {@code pool} must have been configured with the server's data source ({@link com.zaxxer.hikari.HikariConfig#setDataSource}). */
  ServerConnections(HikariDataSource pool) {
    this.pool = pool;
    this.server = Objects.requireNonNull(pool.getDataSource(), "the pool's data source");
  }

  @Override
  public Connection acquire() {
    try {
      return empty() ? server.getConnection() : pool.getConnection();
    } catch (SQLException e) {
      throw new DataAccessException("Error getting a connection to the database", e);
    }
  }

  @Override
  public void release(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new DataAccessException("Error closing a connection to the database", e);
    }
  }

  /** Whether the pool holds no connection at all, idle or in use: the server was out of reach, or still is. */
  private boolean empty() {
    HikariPoolMXBean stats = pool.getHikariPoolMXBean();
    return stats != null && stats.getTotalConnections() == 0;
  }
}

package org.imagecache.store;

import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.sql.DataSource;
import org.imagecache.failure.Causes;
import org.imagecache.failure.InsufficientStorageException;
import org.imagecache.failure.ServiceUnavailableException;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The database: the embedded SQLite file (WAL mode, foreign keys on, a busy timeout), or a PostgreSQL
 * database (see {@link #openPostgres}). Reads run on a small worker pool with their own connections
 * (WAL lets them proceed while a write is under way); every write runs on one writer thread, inside a
 * transaction. JDBC never runs on an event loop.
 *
 * <p>Failure: a failed read or write fails its future with the jOOQ {@code DataAccessException} (a
 * write that a full disk refuses: {@link InsufficientStorageException}; any write once the file was
 * deleted or replaced under the service: {@link ServiceUnavailableException} {@code database_lost}); a
 * failed write is rolled back whole.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  static final int READERS = 4;

  private final LongAdder reads = new LongAdder();
  private final HikariDataSource readPool;
  private final HikariDataSource writePool;
  private final Session readSession;
  private final DSLContext writeDsl;
  private final WorkerExecutor readers;
  private final WorkerExecutor writer;
  private final @Nullable Path file;
  private final String name;
  private final @Nullable Object identity;
  private final Vendor vendor;
  private volatile boolean lostLogged;

  private Database(Vertx vertx, Vendor vendor) {
    this.vendor = vendor;
    this.file = vendor.file();
    this.name = vendor.name();
    this.identity = file == null ? null : identity(file);
    this.readPool = vendor.pool("imagecache-db-read", READERS);
    this.writePool = vendor.pool("imagecache-db-write", 1);
    this.readSession = new Session(dsl(vendor.connections(readPool), vendor.dialect()));
    this.writeDsl = dsl(vendor.connections(writePool), vendor.dialect());
    this.readers = vertx.createSharedWorkerExecutor("imagecache-db-reader", READERS);
    this.writer = vertx.createSharedWorkerExecutor("imagecache-db-writer", 1);
  }

  /**
   * Opens a SQLite database whose schema is already current (see {@link Migrations#migrate}); blocking,
   * so call it at start-up before serving.
   */
  public static Database open(Vertx vertx, Path file) {
    return new Database(vertx, new Vendor.SqliteFile(file));
  }

  /**
   * Opens a PostgreSQL database whose schema is already current (see {@link Migrations#migratePostgres});
   * blocking, so call it at start-up before serving. The connections keep no session state (no
   * server-side prepared statements, no session settings or locks), so a PgBouncer in transaction mode
   * may sit between; a connection that cannot be had in 2 s fails the read or write that wanted it.
   */
  public static Database openPostgres(Vertx vertx, String url, String user, @Nullable String password) {
    return new Database(vertx, new Vendor.Postgres(url, user, password));
  }

  /** A SQLite data source with imagecache's pragmas, for one connection at a time. */
  public static DataSource dataSource(Path file) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.enforceForeignKeys(true);
    cfg.setBusyTimeout(5000);
    SQLiteDataSource ds = new SQLiteDataSource(cfg);
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  private static DSLContext dsl(ConnectionProvider connections, SQLDialect dialect) {
    return DSL.using(connections, dialect, new Settings().withExecuteLogging(false));
  }

  /** The file's identity (device and inode), or null when it is not there. */
  private static @Nullable Object identity(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * What is wrong with the database file under the running service, if anything: deleted, or replaced
   * by another file, since it was opened. SQLite would go on writing to the deleted inode, and the next
   * start would find an empty database beside a full image store; so writes are refused from then on
   * and the health check fails. A stat of the file: cheap enough for every write.
   */
  public Optional<ServiceUnavailableException> lost() {
    if (file == null) {
      return Optional.empty(); // a server's database: its own failures say what is wrong
    }
    Object now = identity(file);
    if (now != null && now.equals(identity)) {
      return Optional.empty();
    }
    String what = now == null ? "was deleted" : "was replaced by another file";
    String message = "The database " + file + " " + what + " while the service ran; nothing more is written to it."
        + " Stop the service and restore the file (the image files are kept)";
    if (!lostLogged) {
      lostLogged = true;
      LOG.error(message);
    }
    return Optional.of(new ServiceUnavailableException("database_lost", message));
  }

  /** Whether other members may share this database (a server's, not the embedded file). */
  public boolean shared() {
    return vendor instanceof Vendor.Postgres;
  }

  /**
   * Hands each payload told on the channel ({@code NOTIFY}) to {@code payloads}, on a thread of its own,
   * until the returned stop is run; on the embedded file nothing is ever told.
   */
  public Runnable listen(String channel, java.util.function.Consumer<String> payloads) {
    return vendor instanceof Vendor.Postgres pg ? new Notifications(pg, channel, payloads).start()::close : () -> {};
  }

  /** Runs a query on a reader connection, off the event loop. */
  public <T> Future<T> read(Function<Session, T> query) {
    reads.increment();
    return readers.executeBlocking(() -> readNow(query), false);
  }

  /** Queries run on the readers so far: what the in-memory caches spare the database shows here. */
  public long reads() {
    return reads.sum();
  }

  /** Runs a change on the single writer, in one transaction, off the event loop. */
  public <T> Future<T> write(Function<Session, T> change) {
    return writer.executeBlocking(() -> writeNow(change), true);
  }

  /**
   * Runs a change in one transaction on the calling thread; for start-up and tests, never on an event
   * loop. A change that the full disk refuses is rolled back and fails with {@link
   * InsufficientStorageException}.
   */
  public <T> T writeNow(Function<Session, T> change) {
    Optional<ServiceUnavailableException> lost = lost();
    if (lost.isPresent()) {
      throw lost.get();
    }
    try {
      return writeDsl.transactionResult(tx -> change.apply(new Session(tx.dsl())));
    } catch (RuntimeException e) {
      if (isDiskFull(e)) {
        throw new InsufficientStorageException("The database's filesystem is full; nothing was changed", e);
      }
      throw unreachable(e, "nothing was changed");
    }
  }

  /**
   * A failure to reach the database server (no connection in time, a connection refused or cut, the
   * server shutting down) as {@link ServiceUnavailableException} {@code database_unavailable}, which
   * names the database and the cause; any other failure as it is.
   */
  private RuntimeException unreachable(RuntimeException e, String consequence) {
    boolean lostConnection = Causes.any(e, t -> t instanceof java.sql.SQLTransientConnectionException
        || t instanceof java.sql.SQLException sql && isConnectionState(sql.getSQLState()));
    return lostConnection ? new ServiceUnavailableException(ServiceUnavailableException.DATABASE_UNAVAILABLE, "The database " + name + " cannot be reached ("
        + Causes.rootMessage(e) + "); " + consequence, e) : e;
  }

  /** SQLSTATE class 08 (connection exception), or PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now. */
  static boolean isConnectionState(@Nullable String state) {
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
  }

  /** SQLite's SQLITE_FULL (the file could not grow) or PostgreSQL's disk_full (53100) anywhere in the cause chain. */
  static boolean isDiskFull(Throwable e) {
    return Causes.any(e, t -> t instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_FULL
        || t instanceof java.sql.SQLException sql && "53100".equals(sql.getSQLState()));
  }

  /** Runs a query on the calling thread; for start-up and tests, never on an event loop. */
  public <T> T readNow(Function<Session, T> query) {
    try {
      return query.apply(readSession);
    } catch (RuntimeException e) {
      throw unreachable(e, "nothing was read");
    }
  }

  /** Completes once every write submitted before it has committed. */
  public Future<Void> flush() {
    return writer.executeBlocking(() -> null, true);
  }

  /** Closes pools and executors. Call {@link #flush()} first to let pending writes finish. */
  @Override
  public void close() {
    readers.close();
    writer.close();
    readPool.close();
    writePool.close();
  }
}

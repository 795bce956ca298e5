package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared database out of reach and back, on a real PostgreSQL: while it is down reads and writes
 * fail as {@code database_unavailable}; the first read and the first write once it is back get a
 * connection at once, although the emptied pools' connection adder has backed off past the 2 s a
 * caller may wait (Hikari's adder doubles its pause after each failed attempt, up to 5 s).
 */
class PostgresOutageIT {
  private static final SettingsRepository SETTINGS = new SettingsRepository();
  /** Longer than the connect budget (2 s) and the server's start: an adder this far apart is still asleep when the first caller gives up. */
  private static final Duration BACKED_OFF = Duration.ofSeconds(4);
  static Postgres pg;
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    pg = Postgres.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void afterAnOutage_theFirstReadAndWriteGetAConnectionAtOnce_thoughThePoolsBackedOff() throws Exception {
    String url = pg.createDatabase("outage");
    Migrations.migratePostgres(url, pg.user(), null);
    Database db = Database.openPostgres(vertx, url, pg.user(), null);
    try (db) {
      db.writeNow(s -> put(s, "3"));
      pg.halt();
      try (Attempts attempts = Attempts.on(pg.port())) {
        // both pools find their connection cut at once, and their adders start failing together
        Future<?> read = db.read(SETTINGS::all);
        Future<?> write = db.write(s -> put(s, "4"));
        assertUnavailable(read.transform(ar -> Future.succeededFuture(ar.cause())).await());
        assertUnavailable(write.transform(ar -> Future.succeededFuture(ar.cause())).await());
        attempts.awaitTwoAfterSilence(BACKED_OFF);
      }
      pg.resume();

      assertThat(db.readNow(SETTINGS::all)).as("the first read once the server is back").containsEntry("images.remote_cache_expiry", "3");
      db.writeNow(s -> put(s, "5"));
      assertThat(db.readNow(SETTINGS::all)).containsEntry("images.remote_cache_expiry", "5");
    }
  }

  private static Void put(Session s, String value) {
    SETTINGS.put(s, "images.remote_cache_expiry", value, Instant.EPOCH);
    return null;
  }

  private static void assertUnavailable(Throwable failure) {
    assertThat(failure).isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("cannot be reached");
    assertThat(((ServiceUnavailableException) failure).reason()).isEqualTo(ServiceUnavailableException.DATABASE_UNAVAILABLE);
  }

  /** The server's port while it is down: each connection attempt is noted, then cut, so it fails as a refused one would. */
  private static final class Attempts implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Long> at = new ArrayList<>();
    private final Thread acceptor;

    private Attempts(ServerSocket socket) {
      this.socket = socket;
      this.acceptor = new Thread(this::acceptAll, "outage-attempts");
    }

    static Attempts on(int port) throws IOException {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Attempts a = new Attempts(s);
      a.acceptor.start();
      return a;
    }

    private void acceptAll() {
      while (!socket.isClosed()) {
        try (Socket attempt = socket.accept()) {
          synchronized (this) {
            at.add(System.nanoTime());
            notifyAll();
          }
        } catch (IOException closed) {
          return;
        }
      }
    }

    /** Waits (up to a minute) until two attempts, one from each pool, come after a silence longer than {@code silence}. */
    synchronized void awaitTwoAfterSilence(Duration silence) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!twoAfterSilence(silence.toNanos())) {
        long left = deadline - System.nanoTime();
        assertThat(left).as("the pools' adders backed off past %s; attempts at %s", silence, at).isPositive();
        wait(Math.max(1, left / 1_000_000));
      }
    }

    private boolean twoAfterSilence(long silence) {
      for (int i = 1; i + 1 < at.size(); i++) {
        if (at.get(i) - at.get(i - 1) > silence) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
      socket.close();
      acceptor.join();
    }
  }
}

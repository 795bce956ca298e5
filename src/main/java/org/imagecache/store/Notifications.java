package org.imagecache.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's {@code LISTEN} on one channel, on a connection of its own (the pools keep no session
 * state, so that PgBouncer in transaction mode may sit between; through such a pooler nothing arrives
 * here, and whoever relies on this polls as well). A lost connection is made again every 2 s. Each
 * payload goes to the consumer on this thread, which must not block.
 */
final class Notifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
  private static final int WAIT_MS = 1000;
  private static final long RECONNECT_SECONDS = 2;

  private final Vendor.Postgres database;
  private final String channel;
  private final Consumer<String> payloads;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;

  Notifications(Vendor.Postgres database, String channel, Consumer<String> payloads) {
    if (!channel.matches("[a-z_]+")) {
      throw new IllegalArgumentException("a channel is a plain lower-case name: " + channel);
    }
    this.database = database;
    this.channel = channel;
    this.payloads = payloads;
    this.thread = new Thread(this::run, "imagecache-listen-" + channel);
    thread.setDaemon(true);
  }

  Notifications start() {
    thread.start();
    return this;
  }

  private void run() {
    boolean logged = false;
    while (closed.getCount() > 0) {
      try (Connection c = database.server("imagecache-listen").getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        LOG.debug("listening on {}", channel);
        logged = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (closed.getCount() > 0) {
          PGNotification[] arrived = pg.getNotifications(WAIT_MS);
          if (arrived != null) {
            for (PGNotification n : arrived) {
              payloads.accept(n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (!logged) {
          LOG.warn("LISTEN {} on {} failed ({}); polling alone until it connects again", channel, database.name(), e.getMessage());
          logged = true;
        }
        awaitClose();
      }
    }
  }

  /** Waits before connecting again, or until closed. */
  private void awaitClose() {
    try {
      closed.await(RECONNECT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed.countDown();
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }
}

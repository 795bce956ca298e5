package org.imagecache.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.imagecache.config.ImageCacheConfig.ConnectionLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow and idle clients from holding the HTTP server (shared by every server instance of one
 * listener). A new connection must complete a request head within {@code http.header_timeout}; between
 * requests a connection may wait {@code http.idle_timeout}; at most {@code http.max_connections} are open,
 * and past that the connection that has waited longest without a request is closed to let the new one
 * in (a connection with a request under way is never closed for room). So a thousand connections that
 * never finish their headers are dropped within the header timeout, and while they last they cannot
 * keep a real request out. The server must not accept HTTP/2 over clear text: while it waits to tell an
 * HTTP/2 preface from an HTTP/1 request it tells nobody of the connection, and a client that never
 * sends enough would be invisible here.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** One connection: requests under way, when it began to wait (an order), and its wait timer. */
  private static final class Tracked {
    int active;
    long waitingSince;
    long timer = -1;
  }

  ConnectionGuard(Vertx vertx, ConnectionLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** The server's connection handler. */
  Handler<HttpConnection> onConnection() {
    return this::opened;
  }

  /** Wraps the server's request handler so the guard sees each request start and end. */
  Handler<HttpServerRequest> around(Handler<HttpServerRequest> requests) {
    return req -> {
      HttpConnection conn = req.connection();
      started(conn);
      AtomicBoolean over = new AtomicBoolean();
      Handler<Void> end = v -> {
        if (over.compareAndSet(false, true)) {
          ended(conn);
        }
      };
      req.response().closeHandler(end);
      req.response().endHandler(end);
      requests.handle(req);
    };
  }

  int openConnections() {
    return open.size();
  }

  private void opened(HttpConnection conn) {
    Tracked t = new Tracked();
    open.put(conn, t);
    conn.closeHandler(v -> {
      Tracked gone = open.remove(conn);
      if (gone != null && gone.timer >= 0) {
        vertx.cancelTimer(gone.timer);
      }
    });
    synchronized (t) {
      waitFor(conn, t, limits.headerTimeout().toMillis(), "no complete request head");
    }
    if (open.size() > limits.maxConnections()) {
      makeRoom(conn);
    }
  }

  /** Closes the connection that has waited longest without a request (or, with none, this new one). */
  private void makeRoom(HttpConnection newcomer) {
    Optional<HttpConnection> oldest = open.entrySet().stream()
        .filter(e -> e.getKey() != newcomer && waiting(e.getValue()))
        .min(Comparator.comparingLong(e -> e.getValue().waitingSince))
        .map(Map.Entry::getKey);
    HttpConnection victim = oldest.orElse(newcomer);
    // out of the count now: its close completes later, and the next newcomer must not pick it again
    Tracked gone = open.remove(victim);
    if (gone != null) {
      synchronized (gone) {
        if (gone.timer >= 0) {
          vertx.cancelTimer(gone.timer);
          gone.timer = -1;
        }
      }
    }
    LOG.debug("http.max_connections ({}) reached: closing {} connection from {}", limits.maxConnections(),
        victim == newcomer ? "the new" : "the longest-waiting", victim.remoteAddress());
    victim.close();
  }

  private static boolean waiting(Tracked t) {
    synchronized (t) {
      return t.active == 0;
    }
  }

  private void started(HttpConnection conn) {
    Tracked t = open.get(conn);
    if (t == null) {
      return;
    }
    synchronized (t) {
      t.active++;
      if (t.timer >= 0) {
        vertx.cancelTimer(t.timer);
        t.timer = -1;
      }
    }
  }

  private void ended(HttpConnection conn) {
    Tracked t = open.get(conn);
    if (t == null) {
      return;
    }
    synchronized (t) {
      t.active--;
      if (t.active == 0) {
        waitFor(conn, t, limits.idleTimeout().toMillis(), "idle");
      }
    }
  }

  /** Starts waiting: the connection is closed unless a request starts within {@code millis}. */
  private void waitFor(HttpConnection conn, Tracked t, long millis, String why) {
    t.waitingSince = sequence.incrementAndGet();
    t.timer = vertx.setTimer(millis, id -> {
      synchronized (t) {
        if (t.timer != id || t.active > 0) {
          return;
        }
        t.timer = -1;
      }
      LOG.debug("closing the connection from {}: {} for {} ms", conn.remoteAddress(), why, millis);
      conn.close();
    });
  }
}

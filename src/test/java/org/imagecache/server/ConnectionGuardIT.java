package org.imagecache.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.imagecache.config.ImageCacheConfig.ConnectionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connection guard on a real HTTP server on port 0, against raw sockets. */
@ExtendWith(VertxExtension.class)
class ConnectionGuardIT {
  private static final ConnectionLimits LIMITS = new ConnectionLimits(Duration.ofSeconds(2), Duration.ofMillis(600), 8);

  Vertx vertx;
  HttpServer server;
  ConnectionGuard guard;
  final AtomicReference<Promise<Void>> held = new AtomicReference<>();
  final Promise<Void> holdArrived = Promise.promise();
  final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    guard = new ConnectionGuard(vertx, LIMITS);
    server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false))
        .connectionHandler(guard.onConnection())
        .requestHandler(guard.around(req -> {
          if (req.path().equals("/hold")) {
            Promise<Void> p = Promise.promise();
            held.set(p);
            holdArrived.tryComplete();
            p.future().onComplete(x -> req.response().end("held"));
          } else {
            req.response().end("ok");
          }
        }))
        .listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close().await();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(10_000);
    sockets.add(s);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** Reads until the server closes the connection; returns what came. */
  private static String readToClose(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
  }

  /** Reads one whole response with a Content-Length body (the server keeps the connection). */
  private static String readResponse(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) c);
    }
    int length = Integer.parseInt(head.toString().replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
    return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  @Test
  void aConnectionThatNeverFinishesItsHeadIsClosedAfterTheHeaderTimeout() throws IOException {
    Socket slow = connect();
    send(slow, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    long start = System.nanoTime();
    assertThat(readToClose(slow)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void aKeptAliveConnectionWithoutANextRequestIsClosedAfterTheIdleTimeout() throws IOException {
    Socket s = connect();
    send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(readResponse(s)).startsWith("HTTP/1.1 200").endsWith("ok");
    send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(readResponse(s)).endsWith("ok");
    assertThat(readToClose(s)).isEmpty();
  }

  @Test
  void pastTheCapTheLongestWaitingConnectionMakesRoomAndARealRequestIsAnswered() throws IOException {
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Socket s = connect();
      send(s, "GET / HTTP/1.1\r\nHost: x\r\n");
      slow.add(s);
    }
    Socket real = connect();
    send(real, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(readToClose(real)).startsWith("HTTP/1.1 200").endsWith("ok");
    // the 13 oldest slow ones were closed for room, the 7 newest are still waiting (their header timeout is 2 s)
    for (int i = 0; i < 20; i++) {
      slow.get(i).setSoTimeout(200);
      if (i < 13) {
        assertThat(slow.get(i).getInputStream().read()).as("slow connection %d", i).isEqualTo(-1);
      } else {
        int index = i;
        assertThatThrownBy(() -> slow.get(index).getInputStream().read()).as("slow connection %d", i)
            .isInstanceOf(java.net.SocketTimeoutException.class);
      }
    }
  }

  @Test
  void aConnectionWithARequestUnderWayIsNeverClosedForRoomNorForIdling() throws Exception {
    Socket busy = connect();
    send(busy, "GET /hold HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    holdArrived.future().await();
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Socket s = connect();
      send(s, "GET / HTTP/1.1\r\n");
      slow.add(s);
    }
    // every slow one is gone after its header timeout; the busy one outlived it, and answers when released
    for (Socket s : slow) {
      assertThat(readToClose(s)).isEmpty();
    }
    held.get().complete();
    assertThat(readToClose(busy)).startsWith("HTTP/1.1 200").endsWith("held");
  }
}

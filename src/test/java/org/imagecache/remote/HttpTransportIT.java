package org.imagecache.remote;

import org.imagecache.failure.RemoteException;
import org.imagecache.failure.RemoteFileMissingException;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.imagecache.config.RemoteConfig;
import org.imagecache.demo.StreamGenerator;
import org.imagecache.testing.FakeStreamsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HttpTransport against a real server on loopback: validators, status mapping, timeouts, bounds, TLS pins. */
@ExtendWith(VertxExtension.class)
class HttpTransportIT {
  static final String INDEX = "streams/v1/index.json";
  static final long MAX = 1024 * 1024;
  static final String STORE_PASSWORD = "changeit";

  @TempDir Path dir;
  Vertx vertx;
  FakeStreamsServer server;
  HttpTransport transport;
  byte[] indexBytes;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    StreamGenerator.write(dir, new StreamGenerator.Spec("testos", List.of("1"), List.of("20261101_0000"), List.of("amd64"), 64 * 1024));
    indexBytes = Files.readAllBytes(dir.resolve(INDEX));
    server = FakeStreamsServer.start(vertx, dir);
    transport = transport(server.baseUrl(), Duration.ofSeconds(5), Optional.empty());
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  static RemoteConfig config(String url, Duration idleTimeout, Optional<String> pin) {
    return RemoteConfig.builder("fake", URI.create(url)).certificate(pin).connectTimeout(Duration.ofSeconds(5))
        .idleTimeout(idleTimeout).maxCatalogBytes(MAX).maxCatalogTotalBytes(2 * MAX).build();
  }

  private HttpTransport transport(String url, Duration idleTimeout, Optional<String> pin) {
    return new HttpTransport(vertx, config(url, idleTimeout, pin));
  }

  private static RemoteException failure(Transport transport, String path, long maxBytes) {
    try {
      transport.fetch(path, Fetched.Validators.NONE, maxBytes).await();
    } catch (RemoteException e) {
      return e;
    }
    throw new AssertionError("fetching " + path + " succeeded");
  }

  private RemoteException failure(String path, long maxBytes) {
    return failure(transport, path, maxBytes);
  }

  @Test
  void fetchesWithValidatorsAndARefetchIsNotModified() {
    Fetched first = transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await();
    assertThat(first.notModified()).isFalse();
    assertThat(first.bytes()).isEqualTo(indexBytes);
    assertThat(first.etag()).isNotBlank();

    Fetched again = transport.fetch(INDEX, first.validators(), MAX).await();
    assertThat(again.notModified()).isTrue();
    assertThat(again.path()).isEqualTo(INDEX);
    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(200, 304);
    assertThat(server.log()).extracting(FakeStreamsServer.Access::conditional).containsExactly("", "If-None-Match");
  }

  @Test
  void aWeakEtagIsNotSentAndNoDateEverIs() {
    Fetched weak = transport.fetch(INDEX, new Fetched.Validators("W/\"abc\"", null), MAX).await();
    assertThat(weak.notModified()).isFalse();
    assertThat(weak.bytes()).isEqualTo(indexBytes);
    server.withoutEtags();
    Fetched first = transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await();
    Fetched again = transport.fetch(INDEX, first.validators(), MAX).await();
    assertThat(again.notModified()).isFalse();
    assertThat(server.log()).extracting(FakeStreamsServer.Access::conditional).containsExactly("", "", "");
    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(200, 200, 200);
  }

  @Test
  void a304ToAnUnconditionalRequestIsABadAnswer() {
    server.failWith(304);
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
    assertThat(e.reason()).isEqualTo("remote_error");
    assertThat(e.getMessage()).contains("304").contains("unconditional").contains(INDEX);
  }

  @Test
  void aServerErrorIsABadAnswerNamingTheRemote() {
    server.failWith(500);
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
    assertThat(e.reason()).isEqualTo("remote_error");
    assertThat(e.remote()).isEqualTo("fake");
    assertThat(e.getMessage()).contains("fake").contains("500").contains(INDEX);
  }

  @Test
  void aMissingFileIsRemoteFileMissing() {
    assertThat(failure("streams/v1/nothing.json", MAX).reason()).isEqualTo("remote_file_missing");
    server.paths("index.json").failWith(404);
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.reason()).isEqualTo("remote_file_missing");
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
  }

  @Test
  void aClosedPortIsUnavailable() {
    HttpTransport closed = transport("http://127.0.0.1:" + closedPort() + "/", Duration.ofSeconds(5), Optional.empty());
    try {
      RemoteException e = failure(closed, INDEX, MAX);
      assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_UNAVAILABLE);
      assertThat(e.reason()).isEqualTo("remote_unavailable");
      assertThat(e.getMessage()).contains("fake");
    } finally {
      closed.close();
    }
  }

  /** A loopback port that was free a moment ago and that nobody listens on now. */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A server whose keep-alive timer fires as the next request goes out closes the pooled connection
   * before any answer: the document's GET goes again on a new connection. A download has a connection
   * of its own, never a pooled one, and is asked once.
   */
  @Test
  void aKeptAliveConnectionTheServerClosedIsAskedAgainOnANewOne() {
    String file = "images/testos/1/amd64/default/20261101_0000/root.tar.xz";
    long size = dir.resolve(file).toFile().length();
    transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await();
    server.closeReusedConnections();

    assertThat(transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await().bytes()).isEqualTo(indexBytes);
    transport.download(file, size, TestSinks.discarding(), new Cancellation()).await();

    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(200, 0, 200, 200);
  }

  /** A connection closed before an answer on its first request is the server's answer: asked once, not again. */
  @Test
  void aServerThatClosesANewConnectionIsNotAskedAgain() {
    transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await();
    server.clearLog();
    server.closeWithoutAnswer();

    RemoteException e = failure(INDEX, MAX);

    assertThat(e.kind()).as(e.toString()).isEqualTo(RemoteException.Kind.REMOTE_UNAVAILABLE);
    assertThat(e.getMessage()).contains("fake").contains(INDEX);
    // the first try went out on the kept-alive connection, the second on a new one, and no third
    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(0, 0);
  }

  @Test
  void aHangingServerTimesOutAfterTheIdleTimeout() {
    server.hang();
    HttpTransport impatient = transport(server.baseUrl(), Duration.ofSeconds(1), Optional.empty());
    try {
      long start = System.nanoTime();
      RemoteException e = failure(impatient, INDEX, MAX);
      assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_TIMEOUT);
      assertThat(e.reason()).isEqualTo("remote_timeout");
      assertThat(e.getMessage()).contains("fake");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    } finally {
      impatient.close();
    }
  }

  /**
   * Vert.x's request idle timeout stops at the response head: a server that sends the head and part of
   * the body, then nothing, must still time out, for a document and for a download alike.
   */
  @Test
  @Timeout(30)
  void aStallMidBodyTimesOutAfterTheIdleTimeout() {
    server.stallAfter(10);
    HttpTransport impatient = transport(server.baseUrl(), Duration.ofSeconds(1), Optional.empty());
    try {
      long start = System.nanoTime();
      RemoteException e = failure(impatient, INDEX, MAX);
      assertThat(e.reason()).as(e.toString()).isEqualTo("remote_timeout");
      assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_TIMEOUT);
      assertThat(e.getMessage()).contains("fake").contains(INDEX);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));

      long size = indexBytes.length;
      start = System.nanoTime();
      Throwable d = impatient.download(INDEX, size, TestSinks.discarding(), new Cancellation())
          .transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertThat(d).isInstanceOf(RemoteException.class);
      assertThat(((RemoteException) d).reason()).as(d.toString()).isEqualTo("remote_timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    } finally {
      impatient.close();
    }
  }

  @Test
  void aResetMidBodyIsAFailureNotAShortDocument() {
    server.resetAfter(10);
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.kind()).as(e.toString()).isEqualTo(RemoteException.Kind.REMOTE_UNAVAILABLE);
    assertThat(e.getMessage()).contains("fake");
  }

  @Test
  void aRedirectLoopIsRefused() {
    server.redirectLoop();
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.reason()).isEqualTo("remote_redirect_loop");
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
    assertThat(server.log()).hasSize(HttpTransport.MAX_REDIRECTS + 1);
  }

  @Test
  void aDocumentOverTheBoundIsTooLargeByContentLength() {
    RemoteException e = failure(INDEX, 100);
    assertThat(e.reason()).isEqualTo("catalog_too_large");
    assertThat(e.getMessage()).contains("fake").contains("100");
  }

  @Test
  void aDocumentOverTheBoundIsTooLargeWhenChunked() {
    server.chunked();
    RemoteException e = failure(INDEX, 100);
    assertThat(e.reason()).isEqualTo("catalog_too_large");
    assertThat(transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await().bytes()).isEqualTo(indexBytes);
  }

  /**
   * The client allows 64 KiB of headers in all, so one 64 KiB header is refused. The refusal is a
   * bad answer naming the remote and the path (the remote answered; the client dropping the connection
   * over it does not make the remote unreachable); 32 KiB is tolerated.
   */
  @Test
  void hugeResponseHeadersAreRefusedClearlyAndLargeOnesTolerated() {
    server.hugeHeaders(32);
    assertThat(transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await().bytes()).isEqualTo(indexBytes);
    server.hugeHeaders(64);
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.getMessage()).contains("fake").contains(INDEX).contains("64 KiB");
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
    assertThat(e.reason()).isEqualTo("remote_error");

    Throwable d = transport.download(INDEX, indexBytes.length, TestSinks.discarding(), new Cancellation())
        .transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(d).isInstanceOf(RemoteException.class);
    assertThat(((RemoteException) d).reason()).as(d.toString()).isEqualTo("remote_error");
  }

  @Test
  void aPinnedCertificateIsTrustedAndAnyOtherRefused() throws Exception {
    Path keystore = selfSignedKeystore();
    FakeStreamsServer tls = FakeStreamsServer.start(vertx, dir, new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword(STORE_PASSWORD)));
    HttpTransport pinned = transport(tls.baseUrl(), Duration.ofSeconds(5), Optional.of(sha256OfCertificate(keystore)));
    HttpTransport wrong = transport(tls.baseUrl(), Duration.ofSeconds(5), Optional.of("ab".repeat(32)));
    try {
      assertThat(tls.baseUrl()).startsWith("https://");
      assertThat(pinned.fetch(INDEX, Fetched.Validators.NONE, MAX).await().bytes()).isEqualTo(indexBytes);
      RemoteException e = failure(wrong, INDEX, MAX);
      assertThat(e.reason()).isEqualTo("certificate_mismatch");
      assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
      assertThat(e.getMessage()).contains("fake");
    } finally {
      pinned.close();
      wrong.close();
      tls.close();
    }
  }

  /** The index moved to {@code moved/}, where the remote's own origin redirects to it. */
  private FakeStreamsServer.Faults indexMoved() throws IOException {
    Files.createDirectories(dir.resolve("moved/streams/v1"));
    Files.write(dir.resolve("moved/" + INDEX), indexBytes);
    server.paths("index.json").redirectTo(server.baseUrl() + "moved/");
    return server.paths("moved/" + INDEX);
  }

  @Test
  void aRedirectToTheSameOriginIsFollowed() throws Exception {
    indexMoved().none();
    assertThat(transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await().bytes()).isEqualTo(indexBytes);
    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(302, 200);

    Files.delete(dir.resolve("moved/" + INDEX));
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.reason()).isEqualTo("remote_file_missing");
    assertThat(e.getMessage()).as("the remote's own origin answered").doesNotContain("(at ");
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedUnlessAllowed() {
    FakeStreamsServer other = FakeStreamsServer.start(vertx, dir);
    try {
      server.redirectTo(other.baseUrl());
      RemoteException e = failure(INDEX, MAX);
      assertThat(e.reason()).isEqualTo("redirect_refused");
      assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
      assertThat(e.getMessage()).contains("fake").contains(INDEX).contains("another origin").contains("allow_redirects_to");
      assertThat(other.log()).isEmpty();
      Throwable d = transport.download(INDEX, indexBytes.length, TestSinks.discarding(), new Cancellation())
          .transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertThat(((RemoteException) d).reason()).isEqualTo("redirect_refused");
      assertThat(other.log()).isEmpty();

      HttpTransport allowing = new HttpTransport(vertx, config(server.baseUrl(), Duration.ofSeconds(5), Optional.empty())
          .toBuilder().allowRedirectsTo(List.of(URI.create(other.baseUrl()))).build());
      try {
        assertThat(allowing.fetch(INDEX, Fetched.Validators.NONE, MAX).await().bytes()).isEqualTo(indexBytes);
        other.failWith(500);
        RemoteException fromOther = failure(allowing, INDEX, MAX);
        assertThat(fromOther.getMessage()).as("names the host that answered")
            .contains("(at 127.0.0.1:" + URI.create(other.baseUrl()).getPort() + ")").contains("500");
      } finally {
        allowing.close();
      }
    } finally {
      other.close();
    }
  }

  @Test
  void aRedirectToAnotherSchemeIsRefusedAsSuch() {
    server.redirectTo("file:///etc/");
    RemoteException e = failure(INDEX, MAX);
    assertThat(e.reason()).isEqualTo("redirect_refused");
    assertThat(e.getMessage()).contains("file:").contains("never followed");
    server.redirectTo("gopher://127.0.0.1:70/");
    assertThat(failure(INDEX, MAX).getMessage()).contains("gopher:");
  }

  @Test
  void aPinnedHttpsRemoteThatRedirectsToHttpIsRefusedEvenWhenAllowed() throws Exception {
    Path keystore = selfSignedKeystore();
    FakeStreamsServer tls = FakeStreamsServer.start(vertx, dir, new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword(STORE_PASSWORD)));
    tls.redirectTo(server.baseUrl());
    HttpTransport pinned = new HttpTransport(vertx, config(tls.baseUrl(), Duration.ofSeconds(5), Optional.of(sha256OfCertificate(keystore)))
        .toBuilder().allowRedirectsTo(List.of(URI.create(server.baseUrl()))).build());
    try {
      RemoteException e = failure(pinned, INDEX, MAX);
      assertThat(e.reason()).isEqualTo("redirect_refused");
      assertThat(e.getMessage()).contains("from https to plain http");
      assertThat(server.log()).isEmpty();
    } finally {
      pinned.close();
      tls.close();
    }
  }

  @Test
  void aTrickleBelowTheMinimumRateFailsAsATimeoutAndProgressMovesAsBytesArrive() {
    String file = "images/testos/1/amd64/default/20261101_0000/root.tar.xz";
    long size = dir.resolve(file).toFile().length();
    server.paths("root.tar.xz").throttle(2_000);
    HttpTransport strict = new HttpTransport(vertx, config(server.baseUrl(), Duration.ofSeconds(5), Optional.empty())
        .toBuilder().minimumRate(new RemoteConfig.MinimumRate(8 * 1024, Duration.ofSeconds(2))).build());
    java.util.concurrent.atomic.AtomicLong arrived = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    FileSink counting = TestSinks.of(bytes -> written.addAndGet(bytes.remaining()));
    FileSink sink = FileSink.observing(counting, arrived::addAndGet);
    try {
      Throwable d = strict.download(file, size, sink, new Cancellation())
          .transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertThat(d).isInstanceOf(RemoteException.class);
      RemoteException e = (RemoteException) d;
      assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_TIMEOUT);
      assertThat(e.reason()).isEqualTo("remote_timeout");
      assertThat(e.getMessage()).contains("too slow").contains("min_transfer_rate").contains(file);
      assertThat(arrived.get()).as("progress counted as bytes came").isPositive().isLessThan(size);
      assertThat(written.get()).as("a trickle's bytes reach the sink as they come").isEqualTo(arrived.get());
    } finally {
      strict.close();
    }
  }

  @Test
  void aSinkThatCannotWriteIsAStorageErrorNotTheRemotes() {
    String file = "images/testos/1/amd64/default/20261101_0000/root.tar.xz";
    long size = dir.resolve(file).toFile().length();
    Throwable d = transport.download(file, size, TestSinks.of(bytes -> {
      throw new java.io.UncheckedIOException(new java.nio.file.AccessDeniedException("images/x.partial: Operation not permitted"));
    }), new Cancellation()).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(d).isInstanceOf(org.imagecache.failure.StorageException.class);
    assertThat(((org.imagecache.failure.StorageException) d).reason()).isEqualTo("storage_error");
    assertThat(d.getMessage()).contains("image store").contains("Operation not permitted").doesNotContain("unreachable");
  }

  /** The bytes a download took, read by the transport straight into the sink's buffer. */
  private static byte[] downloaded(HttpTransport t, String path, long size) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    t.download(path, size, TestSinks.of(bytes -> {
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      out.writeBytes(b);
    }), new Cancellation()).await();
    return out.toByteArray();
  }

  private static Throwable downloadFailure(HttpTransport t, String path, long size) {
    return t.download(path, size, TestSinks.discarding(), new Cancellation()).transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  /**
   * A download reads TLS itself (the JDK's engine over its own socket): the pinned certificate is
   * trusted, another pin refused, and without a pin a certificate the JDK's trust does not know is
   * refused, all as certificate_mismatch.
   */
  @Test
  void aDownloadOverTlsTrustsThePinnedCertificateAndRefusesAnyOther() throws Exception {
    Path keystore = selfSignedKeystore();
    FakeStreamsServer tls = FakeStreamsServer.start(vertx, dir, new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword(STORE_PASSWORD)));
    HttpTransport pinned = transport(tls.baseUrl(), Duration.ofSeconds(5), Optional.of(sha256OfCertificate(keystore)));
    HttpTransport wrong = transport(tls.baseUrl(), Duration.ofSeconds(5), Optional.of("ab".repeat(32)));
    HttpTransport unpinned = transport(tls.baseUrl(), Duration.ofSeconds(5), Optional.empty());
    String file = "images/testos/1/amd64/default/20261101_0000/root.tar.xz";
    long size = dir.resolve(file).toFile().length();
    try {
      assertThat(downloaded(pinned, file, size)).isEqualTo(Files.readAllBytes(dir.resolve(file)));
      for (HttpTransport refused : List.of(wrong, unpinned)) {
        Throwable d = downloadFailure(refused, file, size);
        assertThat(d).isInstanceOf(RemoteException.class);
        assertThat(((RemoteException) d).reason()).as(d.toString()).isEqualTo("certificate_mismatch");
        assertThat(d.getMessage()).contains("fake");
      }
    } finally {
      pinned.close();
      wrong.close();
      unpinned.close();
      tls.close();
    }
  }

  /** A download follows a redirect to the remote's own origin, and reads a chunked body whole. */
  @Test
  void aDownloadFollowsASameOriginRedirectAndReadsAChunkedBody() throws Exception {
    indexMoved().chunked();

    assertThat(downloaded(transport, INDEX, indexBytes.length)).isEqualTo(indexBytes);
    assertThat(server.log()).extracting(FakeStreamsServer.Access::status).containsExactly(302, 200);
  }

  /** An error answer to a download is read as a fetch's is; a length other than the catalog's is refused before the body. */
  @Test
  void aDownloadsErrorAnswersAreNamedAndAWrongLengthIsRefusedBeforeTheBody() {
    server.failWith(404);
    Throwable missing = downloadFailure(transport, INDEX, indexBytes.length);
    assertThat(missing).isInstanceOf(RemoteFileMissingException.class);
    assertThat(missing.getMessage()).contains("fake").contains(INDEX).contains("404");
    server.failWith(503);
    Throwable error = downloadFailure(transport, INDEX, indexBytes.length);
    assertThat(((RemoteException) error).reason()).isEqualTo("remote_error");
    assertThat(error.getMessage()).contains("503");
    server.healthy();
    Throwable wrongLength = downloadFailure(transport, INDEX, indexBytes.length + 1);
    assertThat(((RemoteException) wrongLength).reason()).isEqualTo("size_mismatch");
    assertThat(wrongLength.getMessage()).contains("the server sends " + indexBytes.length + " bytes, the catalog says " + (indexBytes.length + 1));
  }

  /** Large headers within the 64 KiB bound do not stop a download. */
  @Test
  void aDownloadWithLargeHeadersWithinTheBoundIsRead() {
    server.hugeHeaders(32);
    assertThat(downloaded(transport, INDEX, indexBytes.length)).isEqualTo(indexBytes);
  }

  /**
   * A server that answers each connection with the given bytes once it has read the request's head,
   * then closes it: answers no real server library would write.
   */
  private static final class RawServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    RawServer(List<byte[]> answers) throws IOException {
      socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        for (byte[] answer : answers) {
          try (java.net.Socket c = socket.accept()) {
            InputStream in = c.getInputStream();
            for (int matched = 0; matched < 4; ) {
              int b = in.read();
              if (b < 0) {
                break;
              }
              matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            c.getOutputStream().write(answer);
          } catch (IOException e) {
            return; // closed by the test
          }
        }
      }, "raw-server");
      thread.setDaemon(true);
      thread.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static byte[] answer(String head, String body) {
    return (head + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * The download reads the response head itself: a body framed by the connection's end is read whole;
   * a content coding nobody asked for, a transfer coding other than chunked, two different lengths
   * and a chunk size that is not a number are each refused as a bad answer that names it.
   */
  @Test
  void aDownloadReadsHttp10UntilTheConnectionEnds_andRefusesFramingsAndCodingsItCannotTrust() throws Exception {
    String body = "0123456789abcdef";
    List<byte[]> answers = List.of(
        answer("HTTP/1.0 200 OK", body),
        answer("HTTP/1.1 200 OK\r\nContent-Length: 16\r\nContent-Encoding: gzip", body),
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked", "10\r\n" + body + "\r\n0\r\n\r\n"),
        answer("HTTP/1.1 200 OK\r\nContent-Length: 16\r\nContent-Length: 17", body),
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "zz\r\n" + body + "\r\n0\r\n\r\n"));
    try (RawServer raw = new RawServer(answers)) {
      HttpTransport t = transport(raw.baseUrl(), Duration.ofSeconds(5), Optional.empty());
      try {
        assertThat(new String(downloaded(t, "f", body.length()), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(body);
        for (String why : List.of("Content-Encoding gzip", "a transfer coding other than chunked", "two different Content-Lengths",
            "a chunk size that is not a hexadecimal number")) {
          Throwable d = downloadFailure(t, "f", body.length());
          assertThat(d).as(why).isInstanceOf(RemoteException.class);
          assertThat(((RemoteException) d).reason()).as(d.toString()).isEqualTo("remote_error");
          assertThat(d.getMessage()).contains("fake").contains(why);
        }
      } finally {
        t.close();
      }
    }
  }

  private Path selfSignedKeystore() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD,
        "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-validity", "2")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(p.exitValue()).as("keytool: %s", output).isZero();
    return keystore;
  }

  private static String sha256OfCertificate(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, STORE_PASSWORD.toCharArray());
    }
    byte[] der = ks.getCertificate("server").getEncoded();
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
  }
}

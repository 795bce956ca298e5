package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.MirrorClient;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror is reachable without the token: what anyone on the network can do to it, against the
 * packaged jar in a small heap. A thousand connections that never start TLS and a hundred that never
 * send a request are dropped by the handshake and header timeouts while LXD's requests are answered;
 * two hundred clients that stop reading a 16 MiB file while it is pulled through (streamed to them as
 * it arrives) hold neither the download, nor the heap, nor the next client.
 */
class MirrorFloodSuite {
  private static final String V1 = "20261101_0000";
  private static final String LIMITS = "http:\n  header_timeout: 3s\n";

  @TempDir Path work;
  StreamServer upstream;
  ImageCacheProcess service;
  String fingerprint;

  @BeforeEach
  void start() throws Exception {
    Path stream = work.resolve("stream");
    fingerprint = Streams.make(stream, "amd64", "16MiB", V1).get(V1);
    upstream = StreamServer.serve(stream);
    service = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + upstream.url() + "\n" + LIMITS).jvmOptions("-Xmx128m").start();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      service.close();
    } finally {
      upstream.close();
    }
  }

  private MirrorClient mirror() throws Exception {
    return new MirrorClient("https://127.0.0.1:" + service.mirrorPort() + "/fixture/", service.dataDir().resolve("tls/ca.crt"));
  }

  private SSLSocketFactory tls() throws Exception {
    return MirrorClient.trusting(service.dataDir().resolve("tls/ca.crt")).getSocketFactory();
  }

  /** The products file's largest item (the rootfs): its path and SHA-256. */
  private static Map.Entry<String, String> rootfs(MirrorClient mirror) throws Exception {
    MirrorClient.Answer products = mirror.get("streams/v1/imagecache:fixture.json");
    assertThat(products.status()).as(products.text()).isEqualTo(200);
    JsonNode best = null;
    for (JsonNode item : HttpApi.JSON.readTree(products.body()).findValues("items").get(0)) {
      if (best == null || item.get("size").asLong() > best.get("size").asLong()) {
        best = item;
      }
    }
    return Map.entry(best.get("path").asText(), best.get("sha256").asText());
  }

  @Test
  void aThousandConnectionsThatNeverStartTls_andAHundredThatNeverAsk_areDroppedWhileClientsAreAnswered() throws Exception {
    MirrorClient mirror = mirror();
    Map.Entry<String, String> file = rootfs(mirror);
    assertThat(mirror.get(file.getKey()).status()).isEqualTo(200); // held from now on
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 1000; i++) {
        idle.add(new Socket("127.0.0.1", service.mirrorPort()));
      }
      for (int i = 0; i < 100; i++) {
        SSLSocket s = (SSLSocket) tls().createSocket("127.0.0.1", service.mirrorPort());
        s.startHandshake();
        idle.add(s);
      }
      for (int i = 0; i < 20; i++) {
        assertThat(mirror.get("streams/v1/index.json").status()).isEqualTo(200);
      }
      assertThat(service.api().get("/1.0/cache/stats").status()).as("the admin API meanwhile").isEqualTo(200);
      MirrorClient.Answer whole = mirror.get(file.getKey());
      assertThat(whole.status()).isEqualTo(200);
      assertThat(sha256(whole.body())).isEqualTo(file.getValue());

      int closed = 0;
      List<Socket> sample = new ArrayList<>(idle.subList(950, 1000));
      sample.addAll(idle.subList(1050, 1100));
      for (Socket s : sample) {
        s.setSoTimeout(30_000);
        try {
          if (s.getInputStream().read() == -1) {
            closed++;
          }
        } catch (IOException e) {
          closed++; // a TLS socket the server closed reads as an error or an end: either way no answer came
        }
      }
      assertThat(closed).isEqualTo(100);
      assertThat(service.logText()).doesNotContain("ERROR").doesNotContain("Exception");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  void twoHundredClientsThatStopReadingAPullThrough_holdNeitherTheDownloadNorTheHeapNorTheNextClient() throws Exception {
    MirrorClient mirror = mirror();
    Map.Entry<String, String> file = rootfs(mirror);
    upstream.throttle(1024 * 1024); // 16 s for the rootfs: every client below joins the pull-through while it runs
    List<SSLSocket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        SSLSocket s = (SSLSocket) tls().createSocket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", service.mirrorPort()));
        s.getOutputStream().write(("GET /fixture/" + file.getKey() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      for (SSLSocket s : stalled) {
        s.setSoTimeout(60_000);
        assertThat(statusLine(s.getInputStream())).isEqualTo("HTTP/1.1 200 OK"); // and then never read again
      }
      assertThat(service.api().imageFingerprints()).as("all two hundred are streaming: the download still runs").isEmpty();
      upstream.throttle(0);

      // while all two hundred hold their connections and read nothing, the next client gets the whole file
      MirrorClient.Answer whole = mirror.get(file.getKey());
      assertThat(whole.status()).isEqualTo(200);
      assertThat(sha256(whole.body())).isEqualTo(file.getValue());
      assertThat(mirror.get("streams/v1/index.json").status()).isEqualTo(200);
      assertThat(service.api().imageFingerprints()).containsExactly(fingerprint);
      assertThat(upstream.served("root.tar.xz")).as("the upstream sent the rootfs once").isEqualTo(1);
      assertThat(service.isAlive()).isTrue();
      assertThat(service.logText()).doesNotContain("OutOfMemoryError").doesNotContain("ERROR");
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    assertThat(service.api().get("/healthz").status()).isEqualTo(200);
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\r' && c >= 0; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

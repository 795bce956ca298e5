package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What anyone who can reach the listener can do without the token, against the packaged jar: hold
 * connections open without ever finishing a request head, smuggle a second request in the body of a
 * first, and invent HTTP methods by the thousand. The service keeps answering its API and its cached
 * launches throughout, and its metrics stay bounded.
 */
class AvailabilitySuite {
  private static final String LIMITS = "http:\n  header_timeout: 3s\n  max_connections: 256\n";

  @TempDir Path work;

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  @Test
  void connectionsThatNeverFinishTheirHeadsDoNotKeepTheApiOrLaunchesOut() throws Exception {
    try (Fixture f = Fixture.start(work, LIMITS, "20261101_0000")) {
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 1100; i++) {
          Socket s = new Socket("127.0.0.1", f.service.port());
          write(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
          slow.add(s);
        }
        int answered = 0;
        for (int i = 0; i < 20; i++) {
          assertThat(api.get("/healthz").status()).isEqualTo(200);
          HttpApi.Response cached = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
          assertThat(cached.status()).as(cached.raw()).isEqualTo(200);
          assertThat(cached.metadata().path("present").asBoolean()).isTrue();
          answered++;
        }
        assertThat(answered).isEqualTo(20);
        // the ones still open are closed by the header timeout, without a byte of answer
        int closedWithoutAnswer = 0;
        for (Socket s : slow.subList(slow.size() - 50, slow.size())) {
          s.setSoTimeout(15_000);
          if (s.getInputStream().read() == -1) {
            closedWithoutAnswer++;
          }
        }
        assertThat(closedWithoutAnswer).isEqualTo(50);
        System.out.println("AvailabilitySuite: 1100 connections that never finished their heads; 20 health checks and 20"
            + " cached launches answered meanwhile; the last 50 closed by the header timeout");
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void aTransferEncodingOtherThanChunkedIsRefusedAndNothingAfterItRuns() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      String token = f.service.token();
      String patch = "{\"config\":{\"images.remote_cache_expiry\":\"3\"}}";
      String smuggled = "PATCH /1.0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
          + "\r\nContent-Length: " + patch.length() + "\r\n\r\n" + patch;
      // where the decoder takes the encoding for "no body", the smuggled request follows as it is; where
      // it takes it for chunked ("gzip, chunked"), it comes as a chunk, as a proxy that ignores it would pass it on
      String asChunk = Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n";
      List<List<String>> cases = List.of(List.of("gzip", smuggled), List.of("identity", smuggled), List.of("xchunked", smuggled),
          List.of("chunked;q=1", smuggled), List.of("gzip, chunked", asChunk));
      for (List<String> c : cases) {
        String te = c.get(0);
        String first = "POST /1.0/lookup HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nTransfer-Encoding: " + te + "\r\n\r\n" + c.get(1);
        try (Socket s = new Socket("127.0.0.1", f.service.port())) {
          s.setSoTimeout(15_000);
          write(s, first);
          String answer = new String(readAll(s.getInputStream()), StandardCharsets.ISO_8859_1);
          assertThat(answer).as(te).startsWith("HTTP/1.1 400").contains("invalid_transfer_encoding");
          assertThat(answer.split("HTTP/1.1 ", -1)).as("one answer only, for %s", te).hasSize(2);
        }
      }
      assertThat(api.get("/1.0").metadata().path("config").path("images.remote_cache_expiry").asText())
          .as("the smuggled PATCH never ran").isEqualTo("10");
      assertThat(api.get("/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void thousandsOfInventedMethodsLeaveTheMetricsBounded() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      for (int i = 0; i < 2000; i++) {
        try (Socket s = new Socket("127.0.0.1", f.service.port())) {
          s.setSoTimeout(15_000);
          write(s, "Q" + "X".repeat(1000) + i + " /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          readAll(s.getInputStream());
        }
      }
      HttpApi.Response metrics = f.service.api().get("/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      TreeSet<String> methods = new TreeSet<>();
      Matcher m = Pattern.compile("method=\"([^\"]*)\"").matcher(metrics.raw());
      while (m.find()) {
        methods.add(m.group(1));
      }
      assertThat(methods).isSubsetOf("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER").contains("OTHER");
      assertThat(metrics.raw().length()).isLessThan(1 << 20);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (java.net.SocketException e) {
      return new byte[0];
    }
  }
}

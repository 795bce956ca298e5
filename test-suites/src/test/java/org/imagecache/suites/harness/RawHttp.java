package org.imagecache.suites.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests that {@code java.net.http} refuses to send:
 * raw bytes in the request target, control bytes in headers, a 1 MiB request line, a malformed
 * Content-Length. The request is written from another thread while the answer is read, so that a
 * server that answers and closes before reading everything (a request line too long) is still heard.
 */
public final class RawHttp {
  private static final int TIMEOUT_MS = 15_000;
  private final int port;
  private final String token;

  public RawHttp(int port, String token) {
    this.port = port;
    this.token = token;
  }

  /** {@code METHOD target HTTP/1.1} with Host, the bearer token, {@code Connection: close}, and the JSON body if not null. */
  public HttpApi.Response send(String method, byte[] target, byte[] body) throws IOException {
    return exchange(request(method, target, body));
  }

  /** The bytes of such a request, to send as they are or to spoil first. */
  public byte[] request(String method, byte[] target, byte[] body) {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes((method + " ").getBytes(StandardCharsets.ISO_8859_1));
    req.writeBytes(target);
    req.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ".getBytes(StandardCharsets.ISO_8859_1));
    req.writeBytes(token.getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      req.writeBytes(("\r\nContent-Type: application/json\r\nContent-Length: " + body.length).getBytes(StandardCharsets.ISO_8859_1));
    }
    req.writeBytes("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      req.writeBytes(body);
    }
    return req.toByteArray();
  }

  /** Sends these bytes as they are and reads the answer until the server closes or its body is complete. */
  public HttpApi.Response exchange(byte[] request) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    Thread writer = new Thread(() -> {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server answered and closed before reading it all: the answer is what counts
      }
    }, "raw-http-writer");
    try (socket) {
      socket.setSoTimeout(TIMEOUT_MS);
      writer.setDaemon(true);
      writer.start();
      return parse(readAnswer(socket.getInputStream()));
    } finally {
      joinQuietly(writer);
    }
  }

  private static void joinQuietly(Thread writer) {
    try {
      writer.join(TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
        if (complete(got.toByteArray())) {
          break;
        }
      }
    } catch (IOException e) {
      if (got.size() == 0) {
        throw e;
      }
      // a reset after the answer arrived
    }
    return got.toByteArray();
  }

  private static boolean complete(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    long length = contentLength(text.substring(0, end));
    return length >= 0 && bytes.length >= end + 4 + length;
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return -1;
  }

  /** Status and body of a raw answer; a body that is not JSON parses as a JSON null; {@code raw} is the whole answer, head included. */
  static HttpApi.Response parse(byte[] answer) {
    String text = new String(answer, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    String[] statusLine = head.split("\r\n", 2)[0].split(" ");
    int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
    JsonNode json;
    try {
      json = body.isEmpty() ? HttpApi.JSON.nullNode() : HttpApi.JSON.readTree(body);
    } catch (IOException e) {
      json = HttpApi.JSON.nullNode();
    }
    return new HttpApi.Response(status, json, text);
  }
}

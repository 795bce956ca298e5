package org.imagecache.suites.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway CA made with openssl for one suite, its server certificate for 127.0.0.1 and localhost,
 * and (for clients that read only the system's trust, as LXD does) CA files added to the system's
 * trust store for the run and removed again on close.
 */
public final class TestCa implements AutoCloseable {
  private static final Path SYSTEM_CAS = Path.of("/usr/local/share/ca-certificates");
  private static final char[] PASSWORD = "suite".toCharArray();

  private final Path dir;
  private final List<Path> trusted = new ArrayList<>();

  private TestCa(Path dir) {
    this.dir = dir;
  }

  public static TestCa create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
        "-subj", "/CN=imagecache suite CA");
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
        "-days", "2", "-extfile", "ext.cnf");
    run(dir, "openssl", "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12", "-passout", "pass:suite");
    return new TestCa(dir);
  }

  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /** The server certificate's SHA-256 (of its DER), as imagecache's remotes.NAME.certificate pins it. */
  public String serverPin() throws Exception {
    return pinOf(dir.resolve("server.crt"));
  }

  /** The SHA-256 pin (hex, of the DER) of the first certificate in a PEM file: what a remote's {@code certificate} key takes. */
  public static String pinOf(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
  }

  /** A server context presenting the server certificate. */
  public SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** Adds a CA certificate file to the system's trust (update-ca-certificates) until {@link #close}. */
  public void trustSystemWide(Path caFile) throws IOException, InterruptedException {
    Path copy = SYSTEM_CAS.resolve("imagecache-suite-" + UUID.randomUUID() + ".crt");
    Files.createDirectories(SYSTEM_CAS);
    Files.copy(caFile, copy);
    trusted.add(copy);
    run(dir, "update-ca-certificates");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Path p : trusted) {
      Files.deleteIfExists(p);
    }
    if (!trusted.isEmpty()) {
      run(dir, "update-ca-certificates", "--fresh");
    }
  }

  static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}

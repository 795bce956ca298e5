package org.imagecache.mirror;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.config.MirrorConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror's certificate: the operator's ({@code mirror.tls.cert} and {@code .key}, checked to be a
 * certificate and its key), or one signed by the private CA under {@code <data_dir>/tls/}. The CA is
 * created once ({@code ca.crt}, {@code ca.key} mode 0600) and kept: it is what operators trust. The
 * server certificate ({@code server.crt}, {@code server.key}) is issued again at a start when it does
 * not name every name it must, was not signed by the CA, or has less than {@link #RENEW_BEFORE} left.
 */
public final class MirrorCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorCertificates.class);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  static final String CA_CERT = ImageCacheConfig.MIRROR_CA_FILE;
  static final String CA_KEY = "ca.key";
  static final String SERVER_CERT = "server.crt";
  static final String SERVER_KEY = "server.key";

  /** What the TLS listener presents: the certificate chain and the key, both PEM (the key PKCS#8). */
  public record ServerIdentity(String certificateChain, String privateKey, Optional<Path> clientCa, String describe) {
    /** The SHA-256 (hex) of the leaf certificate's DER encoding: what a client pins (as LXD pins a remote). */
    public String sha256() {
      try {
        var leaf = CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(certificateChain.getBytes(StandardCharsets.US_ASCII)));
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the identity's chain was read as PEM certificates before", e);
      }
    }
  }

  private MirrorCertificates() {}

  /**
   * The identity the mirror presents; creates the CA and the server certificate when they are needed.
   *
   * @throws MirrorTlsException naming the file and what is wrong with it
   */
  public static ServerIdentity prepare(MirrorConfig mirror, ImageCacheConfig.Listen listen, Path tlsDir, Instant now, String hostName) {
    if (mirror.tls().cert().isPresent()) {
      return operators(mirror.tls().cert().get(), mirror.tls().key().orElseThrow(), mirror.tls().clientCa());
    }
    CertificateIssuer.Issued ca = loadOrCreateCa(tlsDir, now, hostName);
    List<String> names = names(listen, hostName, mirror.tls().names());
    CertificateIssuer.Issued server = loadOrIssueServer(tlsDir, ca, names, now);
    return new ServerIdentity(CertificateIssuer.pem(server.certificate()) + CertificateIssuer.pem(ca.certificate()),
        CertificateIssuer.pem(server.key()), mirror.tls().clientCa(), "signed by the private CA in " + tlsDir.resolve(CA_CERT)
        + " for " + String.join(", ", names));
  }

  /** The names a created certificate is for: the listen host (unless a wildcard), localhost and its addresses, the host name, the configured names. */
  static List<String> names(ImageCacheConfig.Listen listen, String hostName, List<String> extra) {
    List<String> names = new ArrayList<>();
    String host = listen.host();
    if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("*")) {
      add(names, host);
    }
    add(names, "localhost");
    add(names, "127.0.0.1");
    add(names, "::1");
    add(names, hostName);
    extra.forEach(name -> add(names, name));
    return names;
  }

  private static void add(List<String> names, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!n.isBlank() && !names.contains(n)) {
      names.add(n);
    }
  }

  private static CertificateIssuer.Issued loadOrCreateCa(Path dir, Instant now, String hostName) {
    Path cert = dir.resolve(CA_CERT);
    Path key = dir.resolve(CA_KEY);
    if (Files.exists(cert, LinkOption.NOFOLLOW_LINKS) || Files.exists(key, LinkOption.NOFOLLOW_LINKS)) {
      CertificateIssuer.Issued ca = new CertificateIssuer.Issued(readChain(cert).get(0), readKey(key));
      checkPair(ca, cert);
      return ca;
    }
    CertificateIssuer.Issued ca = CertificateIssuer.certificateAuthority("imagecache mirror CA " + hostName, now);
    write(dir, CA_KEY, CertificateIssuer.pem(ca.key()), true);
    write(dir, CA_CERT, CertificateIssuer.pem(ca.certificate()), false);
    LOG.info("created the mirror's private CA in {}: trust it on the mirror's clients (`imagecache mirror ca`)", cert);
    return ca;
  }

  private static CertificateIssuer.Issued loadOrIssueServer(Path dir, CertificateIssuer.Issued ca, List<String> names, Instant now) {
    Path cert = dir.resolve(SERVER_CERT);
    Path key = dir.resolve(SERVER_KEY);
    if (Files.exists(cert) && Files.exists(key)) {
      CertificateIssuer.Issued server = new CertificateIssuer.Issued(readChain(cert).get(0), readKey(key));
      String why = reissueReason(server, ca, names, now);
      if (why == null) {
        return server;
      }
      LOG.info("issuing the mirror's server certificate again: {}", why);
    }
    CertificateIssuer.Issued server = CertificateIssuer.server(ca, names.stream().map(CertificateIssuer.SubjectName::of).toList(), now);
    write(dir, SERVER_KEY, CertificateIssuer.pem(server.key()), true);
    write(dir, SERVER_CERT, CertificateIssuer.pem(server.certificate()), false);
    return server;
  }

  /** Why a stored server certificate will not do, or null when it will. */
  static @Nullable String reissueReason(CertificateIssuer.Issued server, CertificateIssuer.Issued ca, List<String> names, Instant now) {
    try {
      server.certificate().verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      return "it was not signed by the current CA";
    }
    if (server.certificate().getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return "it expires at " + server.certificate().getNotAfter().toInstant();
    }
    List<String> held = subjectNames(server.certificate());
    List<String> missing = names.stream().filter(n -> !held.contains(n)).toList();
    return missing.isEmpty() ? null : "it does not name " + String.join(", ", missing);
  }

  static List<String> subjectNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
          names.add(value.equals("0:0:0:0:0:0:0:1") ? "::1" : value);
        }
      }
    } catch (CertificateException e) {
      return names;
    }
    return names;
  }

  private static ServerIdentity operators(Path certFile, Path keyFile, Optional<Path> clientCa) {
    List<X509Certificate> chain = readChain(certFile);
    PrivateKey key = readKey(keyFile);
    checkPair(new CertificateIssuer.Issued(chain.get(0), key), certFile);
    clientCa.ifPresent(MirrorCertificates::readChain);
    StringBuilder pem = new StringBuilder();
    chain.forEach(c -> pem.append(CertificateIssuer.pem(c)));
    return new ServerIdentity(pem.toString(), CertificateIssuer.pem(key), clientCa, "from " + certFile);
  }

  /** The key must be the certificate's: a test signature made with one is checked with the other. */
  private static void checkPair(CertificateIssuer.Issued pair, Path certFile) {
    String algorithm = pair.key().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      byte[] probe = "imagecache".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(pair.key());
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(pair.certificate().getPublicKey());
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new MirrorTlsException(certFile + ": the private key is not the certificate's");
      }
    } catch (GeneralSecurityException e) {
      throw new MirrorTlsException(certFile + ": the private key is not the certificate's (" + e.getMessage() + ")");
    }
  }

  /**
   * The certificates of a PEM file, the first being the leaf.
   *
   * @throws MirrorTlsException when the file cannot be read or holds none
   */
  public static List<X509Certificate> readChain(Path file) {
    byte[] bytes = read(file);
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
        chain.add((X509Certificate) c);
      }
      if (chain.isEmpty()) {
        throw new MirrorTlsException(file + ": holds no PEM certificate");
      }
      return chain;
    } catch (CertificateException e) {
      throw new MirrorTlsException(file + ": is not a PEM certificate (" + e.getMessage() + ")");
    }
  }

  /** A PEM private key: PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 / SEC 1 ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}). */
  static PrivateKey readKey(Path file) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    try (Reader reader = new StringReader(text); PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new MirrorTlsException(file + ": holds no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    } catch (IOException e) {
      throw new MirrorTlsException(file + ": is not a PEM private key (" + e.getMessage() + ")");
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MirrorTlsException(file + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  /** Written whole and moved into place; a key with mode 0600. */
  private static void write(Path dir, String name, String pem, boolean secret) {
    try {
      Files.createDirectories(dir);
      Path temp = secret
          ? Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, "." + name, ".tmp");
      Files.writeString(temp, pem, StandardCharsets.US_ASCII);
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      if (!secret) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new MirrorTlsException(dir.resolve(name) + ": cannot be written (" + e.getMessage() + ")");
    }
  }
}

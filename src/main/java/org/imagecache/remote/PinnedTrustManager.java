package org.imagecache.remote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts exactly one server certificate, named by the SHA-256 of its DER encoding, whatever CA signed
 * it (as LXD pins a remote's certificate). Any other certificate is refused.
 */
final class PinnedTrustManager implements X509TrustManager {
  private final String pin;

  PinnedTrustManager(String sha256Hex) {
    this.pin = sha256Hex;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    String actual = fingerprint(chain[0]);
    if (!actual.equals(pin)) {
      throw new CertificateException("server certificate sha256 " + actual + " does not match the pin " + pin);
    }
  }

  static String fingerprint(X509Certificate cert) throws CertificateEncodingException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("not a server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}

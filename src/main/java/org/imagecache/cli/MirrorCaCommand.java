package org.imagecache.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.imagecache.config.ConfigException;
import org.imagecache.config.ConfigLoader;
import org.imagecache.config.ImageCacheConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imagecache mirror ca}: prints the mirror's private CA certificate (PEM), which clients must
 * trust; read from {@code <data_dir>/tls/} of the configuration, where the service creates it at its
 * first start with the mirror on.
 */
@Command(name = "ca", description = {"Print the mirror's private CA certificate (PEM), for clients to trust:",
    "  imagecache mirror ca > /usr/local/share/ca-certificates/imagecache-mirror.crt && update-ca-certificates"})
public final class MirrorCaCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin HelpOption helpOption;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file read (over /etc/imagecache/imagecache.yaml when that exists) for data_dir and mirror.tls."
          + " Default: ~/.config/imagecache/imagecache.yaml when it exists, else none.")
  Path config;

  @Override
  public Integer call() {
    ImageCacheConfig cfg;
    try {
      cfg = ConfigLoader.loadLayered(ConfigFiles.forClient(config, System.getenv()), System.getenv(), List.of());
    } catch (ConfigException e) {
      throw new CliException(Objects.requireNonNull(e.getMessage(), "a ConfigException's message"));
    }
    if (cfg.mirror().tls().cert().isPresent()) {
      throw new CliException("the mirror presents its own certificate (mirror.tls.cert " + cfg.mirror().tls().cert().get()
          + "), not one of the private CA: trust the CA that signed that one");
    }
    Path ca = cfg.mirrorCaFile();
    try {
      String pem = Files.readString(ca, StandardCharsets.US_ASCII);
      try (var in = new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
        if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
          throw new CliException(ca + " holds no PEM certificate");
        }
      } catch (CertificateException e) {
        throw new CliException(ca + " is not a PEM certificate: " + e.getMessage());
      }
      System.out.print(pem);
      return 0;
    } catch (NoSuchFileException e) {
      throw new CliException("no CA certificate " + ca + " yet: the service creates it at its first start with the mirror on"
          + " (mirror.listen); start it once, then run this again");
    } catch (IOException e) {
      throw new CliException("cannot read " + ca + ": " + e.getMessage());
    }
  }
}

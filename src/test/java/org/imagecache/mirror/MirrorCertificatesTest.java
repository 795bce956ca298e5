package org.imagecache.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.config.MirrorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private CA and the server certificate it signs: created once, kept, issued again only when they must be. */
class MirrorCertificatesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
  private static final ImageCacheConfig.Listen LISTEN = new ImageCacheConfig.Listen("127.0.0.1", 8443);
  @TempDir Path dir;

  private static MirrorConfig mirror(List<String> names) {
    return new MirrorConfig(Optional.of(LISTEN), MirrorConfig.Mode.PULL_THROUGH, List.of(),
        new MirrorConfig.Tls(Optional.empty(), Optional.empty(), names, Optional.empty(), MirrorConfig.Engine.JDK));
  }

  private MirrorCertificates.ServerIdentity prepare(List<String> names, Instant at) {
    return MirrorCertificates.prepare(mirror(names), LISTEN, dir, at, "cachehost");
  }

  private String read(String file) throws Exception {
    return Files.readString(dir.resolve(file));
  }

  @Test
  void firstStart_createsTheCaAndAServerCertificate_keysReadableByTheServiceAlone() throws Exception {
    MirrorCertificates.ServerIdentity id = prepare(List.of(), NOW);

    assertThat(id.certificateChain()).isEqualTo(read("server.crt") + read("ca.crt"));
    assertThat(id.describe()).contains("127.0.0.1, localhost").contains("cachehost");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key")))).isEqualTo("rw-------");
  }

  @Test
  void aLaterStart_keepsBoth() throws Exception {
    prepare(List.of(), NOW);
    String ca = read("ca.crt");
    String server = read("server.crt");

    prepare(List.of(), NOW.plus(Duration.ofDays(100)));

    assertThat(read("ca.crt")).isEqualTo(ca);
    assertThat(read("server.crt")).isEqualTo(server);
  }

  @Test
  void aServerCertificateNearItsEnd_orMissingAName_isIssuedAgainByTheSameCa() throws Exception {
    prepare(List.of(), NOW);
    String ca = read("ca.crt");
    String first = read("server.crt");

    Instant nearTheEnd = NOW.plus(CertificateIssuer.SERVER_VALIDITY).minus(MirrorCertificates.RENEW_BEFORE).plusSeconds(60);
    prepare(List.of(), nearTheEnd);
    String renewed = read("server.crt");
    assertThat(renewed).isNotEqualTo(first);

    prepare(List.of("cache.example.org"), nearTheEnd);
    assertThat(read("server.crt")).as("a new name").isNotEqualTo(renewed);
    assertThat(read("ca.crt")).as("the CA operators trust never changes").isEqualTo(ca);
  }

  @Test
  void reissueReason_namesWhatIsWrong() {
    CertificateIssuer.Issued ca = CertificateIssuer.certificateAuthority("test CA", NOW);
    CertificateIssuer.Issued other = CertificateIssuer.certificateAuthority("another CA", NOW);
    List<String> names = List.of("localhost", "127.0.0.1");
    CertificateIssuer.Issued server = CertificateIssuer.server(ca, names.stream().map(CertificateIssuer.SubjectName::of).toList(), NOW);

    assertThat(MirrorCertificates.reissueReason(server, ca, names, NOW)).isNull();
    assertThat(MirrorCertificates.reissueReason(server, other, names, NOW)).isEqualTo("it was not signed by the current CA");
    assertThat(MirrorCertificates.reissueReason(server, ca, List.of("localhost", "mirror.example"), NOW)).isEqualTo("it does not name mirror.example");
    assertThat(MirrorCertificates.reissueReason(server, ca, names, NOW.plus(CertificateIssuer.SERVER_VALIDITY))).startsWith("it expires at ");
  }

  @Test
  void aDamagedCa_stopsTheStartNamingTheFile_andIsNotReplaced() throws Exception {
    prepare(List.of(), NOW);
    Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");

    assertThatThrownBy(() -> prepare(List.of(), NOW)).isInstanceOf(MirrorTlsException.class).hasMessageContaining("ca.crt");
    assertThat(read("ca.crt")).isEqualTo("not a certificate\n");
  }
}

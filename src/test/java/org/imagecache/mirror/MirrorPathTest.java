package org.imagecache.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a raw request path on the mirror names; hostile paths are refused before anything is decoded into a step out. */
class MirrorPathTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void theIndexTheProductsFileAndAFile_areNamedByEndpoint() {
    assertThat(MirrorPath.parse("/images/streams/v1/index.json")).isEqualTo(new MirrorPath.Index("images"));
    assertThat(MirrorPath.parse("/images/streams/v1/imagecache:images.json")).isEqualTo(new MirrorPath.Products("images", "imagecache:images.json"));
    assertThat(MirrorPath.parse("/images/files/" + SHA + "/rootfs.squashfs"))
        .isEqualTo(new MirrorPath.FileRequest("images", SHA, "rootfs.squashfs"));
    assertThat(MirrorPath.parse("/images/files/" + SHA + "/rootfs.squashfs").remote()).contains("images");
  }

  @Test
  void thePeerPath_namesAStoreFile_andNothingElse() {
    org.imagecache.image.Fingerprint fp = org.imagecache.image.Fingerprint.of(SHA);
    assertThat(MirrorPath.parse("/_tier/images/" + SHA)).isEqualTo(new MirrorPath.PeerFile(fp, ""));
    assertThat(MirrorPath.parse("/_tier/images/" + SHA + ".rootfs")).isEqualTo(new MirrorPath.PeerFile(fp, ".rootfs"));
    assertThat(MirrorPath.parse("/_tier/images/" + SHA + ".disk")).isEqualTo(new MirrorPath.PeerFile(fp, ".disk"));
    assertThat(MirrorPath.parse("/_tier/images/" + SHA + ".partial")).isEqualTo(new MirrorPath.Refused(404, "no such path"));
    assertThat(MirrorPath.parse("/_tier/images/" + SHA.toUpperCase(java.util.Locale.ROOT))).isEqualTo(new MirrorPath.Refused(404, "no such path"));
    assertThat(MirrorPath.parse("/_tier/images/x/" + SHA)).isEqualTo(new MirrorPath.Refused(404, "no such path"));
    assertThat(MirrorPath.parse("/_tier/images/%2e%2e")).isEqualTo(new MirrorPath.Refused(400, "malformed path"));
    assertThat(MirrorPath.parse("/_tier/streams/v1/index.json")).isEqualTo(new MirrorPath.Refused(404, "no such path"));
  }

  @Test
  void aFilesBasenameIsPercentDecoded_strictlyAsUtf8() {
    assertThat(MirrorPath.parse("/images/files/" + SHA + "/lxd%20meta%C3%A9.tar.xz"))
        .isEqualTo(new MirrorPath.FileRequest("images", SHA, "lxd metaé.tar.xz"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/images/../etc/passwd", "/images/files/%2e%2e/x", "/images/files/" + SHA + "/%2e%2e", "/images/files/" + SHA + "/a%2fb",
      "/images/files/" + SHA + "/a%5cb", "/images//streams/v1/index.json", "/images\\streams", "images/streams/v1/index.json",
      "/images/files/" + SHA + "/a%00b", "/images/files/" + SHA + "/a%0ab", "/images/files/" + SHA + "/a%zz", "/images/files/" + SHA + "/a%4",
      "/images/files/" + SHA + "/%C0%AE%C0%AE", "/images/files/" + SHA + "/%ED%A0%80", "/images/files/" + SHA + "/a b",
      "/images/files/" + SHA + "/", "/images/./streams/v1/index.json"})
  void stepsOutBadEscapesAndOverlongUtf8_are400(String path) {
    assertThat(MirrorPath.parse(path)).as(path).isEqualTo(new MirrorPath.Refused(400, "malformed path"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/Images/streams/v1/index.json", "/-x/streams/v1/index.json", "/images", "/images/streams/v1",
      "/images/streams/v2/index.json", "/images/files/ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789/x", "/images/files/abc/x",
      "/images/other/" + SHA + "/x", "/images/streams/v1/a%20b.json"})
  void whatNamesNothingHere_is404(String path) {
    MirrorPath.Target t = MirrorPath.parse(path);
    assertThat(t).as(path).isInstanceOf(MirrorPath.Refused.class);
    assertThat(((MirrorPath.Refused) t).status()).as(path).isEqualTo(404);
  }

  @Test
  void aPathPastTheBound_is414() {
    assertThat(MirrorPath.parse("/images/files/" + SHA + "/" + "a".repeat(1024))).isEqualTo(new MirrorPath.Refused(414, "path too long"));
    assertThat(MirrorPath.parse("/images/files/" + SHA + "/" + "a".repeat(1024 - 80))).isInstanceOf(MirrorPath.FileRequest.class);
  }

  @Test
  void decode_refusesOverlongAndSurrogateSequences_andTakesPlainOnes() {
    assertThat(MirrorPath.decode("%C0%AF")).as("overlong '/'").isEmpty();
    assertThat(MirrorPath.decode("%E0%80%AF")).as("overlong '/', three bytes").isEmpty();
    assertThat(MirrorPath.decode("%ED%B0%80")).as("a lone surrogate").isEmpty();
    assertThat(MirrorPath.decode("%F0%9F%98%80")).contains("\uD83D\uDE00");
    assertThat(MirrorPath.decode("plain")).contains("plain");
  }
}

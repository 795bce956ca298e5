package org.imagecache.remote;

import org.imagecache.failure.RemoteException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemotePathsTest {
  private static final URI BASE = URI.create("https://images.example.org/mirror/");

  @Test
  void relativePathsResolveUnderTheBase() {
    assertThat(RemotePaths.resolve("r", BASE, "streams/v1/index.json"))
        .isEqualTo(URI.create("https://images.example.org/mirror/streams/v1/index.json"));
    assertThat(RemotePaths.resolve("r", BASE, "images/debian/12/amd64/default/20261101_05:24/lxd.tar.xz"))
        .hasToString("https://images.example.org/mirror/images/debian/12/amd64/default/20261101_05:24/lxd.tar.xz");
  }

  @Test
  void aFirstSegmentWithAColonIsStillRelative() {
    assertThat(RemotePaths.resolve("r", BASE, "com.ubuntu.cloud:released:download.json"))
        .hasToString("https://images.example.org/mirror/com.ubuntu.cloud:released:download.json");
    assertThat(RemotePaths.resolve("r", BASE, "streams/v1/com.ubuntu.cloud:released:download.json"))
        .hasToString("https://images.example.org/mirror/streams/v1/com.ubuntu.cloud:released:download.json");
  }

  @Test
  void spacesAndPercentSignsAreEncodedNotInterpreted() {
    assertThat(RemotePaths.resolve("r", BASE, "a b/c%41.json"))
        .hasToString("https://images.example.org/mirror/a%20b/c%2541.json");
  }

  /** A mirror's base as Path.toUri() writes it, with the empty authority ({@code file:///}). */
  @Test
  void resolvesUnderAFileBase() {
    URI mirror = URI.create("file:///srv/mirror/");
    assertThat(java.nio.file.Path.of(RemotePaths.resolve("m", mirror, "streams/v1/index.json")))
        .isEqualTo(java.nio.file.Path.of("/srv/mirror/streams/v1/index.json"));
    assertThatThrownBy(() -> RemotePaths.resolve("m", mirror, "../etc/passwd")).isInstanceOf(RemoteException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "..", "../x.json", "streams/../../x.json", "streams/./x.json", "%2e%2e/x.json", "%2E%2E/x.json", "streams/%2e%2e/%2e%2e/x",
      "a%2f..%2fb", "https://evil.example.com/x.json", "http://images.example.org/x.json", "//evil.example.com/x.json",
      "/etc/passwd", "/mirror/streams/v1/index.json", "streams\\v1\\index.json", "..\\x", "a\u0000b", "a\nb", "a\rb", "a\tb",
      "a\u007fb", "file:/etc/passwd", ""})
  void refusesPathsThatLeaveTheBase(String path) {
    assertThatThrownBy(() -> RemotePaths.resolve("r", BASE, path))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.reason()).isEqualTo("path_escapes_remote");
          assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
          assertThat(e.remote()).isEqualTo("r");
          assertThat(e.getMessage()).contains("Remote r");
        });
  }
}

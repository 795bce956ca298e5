package org.imagecache.remote;

import org.imagecache.failure.RemoteException;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.imagecache.config.RemoteConfig;
import org.imagecache.demo.StreamGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** FileTransport on a real mirror directory written by the stream generator. */
@ExtendWith(VertxExtension.class)
class FileTransportIT {
  static final String INDEX = "streams/v1/index.json";
  static final long MAX = 1024 * 1024;

  @TempDir Path dir;
  Vertx vertx;
  Path mirror;
  FileTransport transport;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    mirror = dir.resolve("mirror");
    StreamGenerator.write(mirror, new StreamGenerator.Spec("testos", List.of("1"), List.of("20261101_0000"), List.of("amd64"), 1024));
    transport = new FileTransport(vertx, config(mirror.toUri()));
  }

  static RemoteConfig config(URI url) {
    return RemoteConfig.builder("mirror", url).connectTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ofSeconds(5))
        .maxCatalogBytes(MAX).maxCatalogTotalBytes(2 * MAX).build();
  }

  private RemoteException failure(String path, long maxBytes) {
    try {
      transport.fetch(path, Fetched.Validators.NONE, maxBytes).await();
    } catch (RemoteException e) {
      return e;
    }
    throw new AssertionError("fetching " + path + " succeeded");
  }

  @Test
  void readsFromTheMirrorAndAnUnchangedFileIsNotModified() throws Exception {
    Fetched first = transport.fetch(INDEX, Fetched.Validators.NONE, MAX).await();
    assertThat(first.bytes()).isEqualTo(Files.readAllBytes(mirror.resolve(INDEX)));
    assertThat(first.etag()).isNotBlank();

    assertThat(transport.fetch(INDEX, first.validators(), MAX).await().notModified()).isTrue();

    Files.setLastModifiedTime(mirror.resolve(INDEX), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    Fetched changed = transport.fetch(INDEX, first.validators(), MAX).await();
    assertThat(changed.notModified()).isFalse();
    assertThat(changed.etag()).isNotEqualTo(first.etag());
  }

  @Test
  void aMirrorUrlWithoutTheEmptyAuthorityWorksToo() {
    FileTransport plain = new FileTransport(vertx, config(URI.create("file:" + mirror.toAbsolutePath())));
    assertThat(plain.pathOf(INDEX)).isEqualTo(mirror.toAbsolutePath().resolve(INDEX));
  }

  @Test
  void aMissingFileIsRemoteFileMissing() {
    RemoteException e = failure("streams/v1/nothing.json", MAX);
    assertThat(e.reason()).isEqualTo("remote_file_missing");
    assertThat(e.kind()).isEqualTo(RemoteException.Kind.REMOTE_BAD_ANSWER);
    assertThat(e.getMessage()).contains("mirror");
  }

  @Test
  void aFileOverTheBoundIsTooLarge() {
    RemoteException e = failure(INDEX, 10);
    assertThat(e.reason()).isEqualTo("catalog_too_large");
    assertThat(e.getMessage()).contains("mirror").contains("10 bytes");
  }

  @Test
  void aPathLeavingTheMirrorIsRefused() throws Exception {
    Files.writeString(dir.resolve("secret.json"), "{}");
    for (String path : List.of("../secret.json", "streams/../../secret.json", "/etc/passwd", dir.resolve("secret.json").toUri().toString())) {
      RemoteException e = failure(path, MAX);
      assertThat(e.reason()).as(path).isEqualTo("path_escapes_remote");
    }
  }
}

package org.imagecache.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.imagecache.failure.InsufficientStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageFailuresTest {
  @ParameterizedTest
  @ValueSource(strings = {"No space left on device", "Disk quota exceeded", "File too large"})
  void aFullFilesystemIsInsufficientStorage(String strerror) {
    RuntimeException e = StorageFailures.of("writing", Path.of("/srv/secret/images/x.partial"), new IOException(strerror));
    assertThat(e).isInstanceOf(InsufficientStorageException.class).hasMessageContaining("x.partial").hasMessageContaining(strerror)
        .hasMessageNotContaining("/srv/secret");
    assertThat(((InsufficientStorageException) e).reason()).isEqualTo("insufficient_storage");
  }

  @Test
  void aFileSystemExceptionShowsItsReasonWithoutThePaths() {
    RuntimeException e = StorageFailures.of("moving into place", Path.of("/srv/secret/images/x.partial"),
        new FileSystemException("/srv/secret/images/x.partial", "/srv/secret/images/x", "No space left on device"));
    assertThat(e).isInstanceOf(InsufficientStorageException.class).hasMessageNotContaining("/srv/secret")
        .hasMessage("The image store's filesystem is full (No space left on device) while moving into place x.partial");
  }

  @Test
  void theCauseChainIsSearched() {
    IOException wrapped = new IOException("write failed", new FileSystemException("/data/images/x: No space left on device"));
    assertThat(StorageFailures.isFull(wrapped)).isTrue();
  }

  @Test
  void otherFailuresStayIoFailures() {
    RuntimeException e = StorageFailures.of("writing", Path.of("/d/images/x.partial"), new IOException("Input/output error"));
    assertThat(e).isInstanceOf(UncheckedIOException.class).hasMessage("Failed writing /d/images/x.partial");
    assertThat(StorageFailures.isFull(new IOException((String) null))).isFalse();
  }
}

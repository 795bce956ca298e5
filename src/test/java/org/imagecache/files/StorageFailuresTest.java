package org.imagecache.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.imagecache.image.InsufficientStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageFailuresTest {
  @ParameterizedTest
  @ValueSource(strings = {"No space left on device", "Disk quota exceeded", "File too large"})
  void aFullFilesystemIsInsufficientStorage(String strerror) {
    RuntimeException e = StorageFailures.of("Failed writing x.partial", new IOException(strerror));
    assertThat(e).isInstanceOf(InsufficientStorageException.class).hasMessageContaining("x.partial").hasMessageContaining(strerror);
    assertThat(((InsufficientStorageException) e).reason()).isEqualTo("insufficient_storage");
  }

  @Test
  void theCauseChainIsSearched() {
    IOException wrapped = new IOException("write failed", new FileSystemException("/data/images/x: No space left on device"));
    assertThat(StorageFailures.isFull(wrapped)).isTrue();
  }

  @Test
  void otherFailuresStayIoFailures() {
    RuntimeException e = StorageFailures.of("Failed writing x.partial", new IOException("Input/output error"));
    assertThat(e).isInstanceOf(UncheckedIOException.class).hasMessage("Failed writing x.partial");
    assertThat(StorageFailures.isFull(new IOException((String) null))).isFalse();
  }
}

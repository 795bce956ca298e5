package org.imagecache.remote;

import io.vertx.core.Future;
import org.imagecache.config.RemoteConfig;
import org.imagecache.image.RemoteFile;

/**
 * A remote as a download sees it, whatever its protocol and transport: where a resolved image's files
 * come from. The download never holds the transport or the catalog itself.
 */
public interface RemoteSource {
  RemoteConfig config();

  /**
   * Fetches one of an image's files into the sink, exactly {@code file.size()} bytes.
   *
   * @return fails with a {@link org.imagecache.failure.RemoteException} (a {@code remote_file_missing}
   *     one when the remote no longer has the file), or the sink's own failure
   */
  Future<Void> download(RemoteFile file, FileSink sink, Cancellation cancel);

  /** The remote no longer has a file its catalog lists: the catalog is out of date. */
  void fileMissing();

  /** What logs and events name it by: the remote's name, or which of its sources it is. */
  default String describe() {
    return config().name();
  }

  /** The files it sent did not verify (a mirror that serves wrong bytes is skipped for a while). */
  default void sentWrongBytes(Throwable why) {}

  /**
   * Where an image's files may come from, in the order to try them: for a remote with mirrors, the
   * source its catalog came from, then the next ones, the remote itself last, each with the image as
   * that source lists it (its own paths). By default this source alone, with the image as given.
   */
  default java.util.List<Attempt> attemptsFor(org.imagecache.image.RemoteImage image) {
    return java.util.List.of(new Attempt(this, () -> Future.succeededFuture(java.util.Optional.of(image))));
  }

  /** One source to try for an image's files, and the image as that source lists it (empty: it does not). */
  record Attempt(RemoteSource source, java.util.function.Supplier<Future<java.util.Optional<org.imagecache.image.RemoteImage>>> image) {}
}

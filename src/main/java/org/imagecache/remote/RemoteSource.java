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
  Future<Void> download(RemoteFile file, ChunkSink sink, Cancellation cancel);

  /** The remote no longer has a file its catalog lists: the catalog is out of date. */
  void fileMissing();
}

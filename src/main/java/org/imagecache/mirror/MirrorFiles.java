package org.imagecache.mirror;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.Objects;
import org.imagecache.config.MirrorConfig;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.RemoteFile;
import org.imagecache.remote.simplestreams.MirrorStream;
import org.imagecache.resolve.ImageRef;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.LookupRequest;
import org.imagecache.resolve.LookupResult;
import org.imagecache.resolve.Provisioner;

/**
 * A mirror client's file, got the way a launch gets an image: a launch lookup of its image by
 * fingerprint, which holds a launch lease and counts as a use, and in {@code pull-through} mode
 * downloads the image when it is not held (one download however many clients and launches want it).
 * In {@code cached} mode the lookup stays local: nothing is ever fetched for a mirror client.
 */
public final class MirrorFiles {
  static final String PROJECT = "default";

  private final LaunchLookup lookup;
  private final MirrorConfig.Mode mode;

  public MirrorFiles(LaunchLookup lookup, MirrorConfig.Mode mode) {
    this.lookup = lookup;
    this.mode = mode;
  }

  /** The held file on disk, once its image is here and verified. */
  public Future<Path> open(String remote, MirrorStream.File file) {
    LookupRequest request = new LookupRequest(PROJECT, mode == MirrorConfig.Mode.PULL_THROUGH ? remote : null,
        new ImageRef.FingerprintPrefix(file.fingerprint().hex()), file.architecture(), file.type(), null,
        Provisioner.Waiting.UNTIL_PROVISIONED);
    return lookup.lookup(request).compose(answer -> {
      if (!(answer instanceof LaunchLookup.Done done)) {
        return Future.failedFuture(new IllegalStateException("a lookup that waits until provisioned answered pending"));
      }
      return Future.succeededFuture(pathOf(done.result(), file.role()));
    });
  }

  private static Path pathOf(LookupResult result, RemoteFile.Role role) {
    String path = role == RemoteFile.Role.ROOT ? result.files().root() : result.files().meta();
    if (path == null) {
      throw new NotFoundException("image_file_missing", "The image " + result.fingerprint() + " has no " + role + " file");
    }
    return Path.of(Objects.requireNonNull(path));
  }
}

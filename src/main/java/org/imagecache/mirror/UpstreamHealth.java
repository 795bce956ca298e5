package org.imagecache.mirror;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.remote.RemoteStatus;
import org.jspecify.annotations.Nullable;

/**
 * Whether an endpoint's upstream has failed a fetch, and since when: then the endpoint lists only the
 * images it holds whole, so that every file it lists answers, until the upstream answers again. A
 * failure is a catalog fetch that failed (the remote's {@code last_error}) or a pull-through whose
 * download the upstream failed; the upstream answers again with a catalog fetch that succeeds after the
 * failure, or with a pull-through that downloads.
 */
final class UpstreamHealth {
  /** When a pull-through last failed at the upstream ({@link org.imagecache.failure.ImageCacheException#isRemoteFault}), by endpoint. */
  private final Map<String, Instant> fileFailedAt = new ConcurrentHashMap<>();

  void fileFailed(String remote, Instant at) {
    fileFailedAt.merge(remote, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  void fileDownloaded(String remote) {
    fileFailedAt.remove(remote);
  }

  /** Since when the endpoint lists only what it holds, or empty when the upstream is answering. */
  Optional<Instant> failingSince(String remote, RemoteStatus catalog) {
    Instant file = fileFailedAt.get(remote);
    if (file != null && answeredAfter(catalog, file)) {
      fileFailedAt.remove(remote, file);
      file = null;
    }
    return Optional.ofNullable(failingSince(catalog, file));
  }

  /**
   * The rule: the later of the catalog's failure (while its last fetch failed) and a file's failure
   * (until a catalog fetch succeeds after it).
   */
  static @Nullable Instant failingSince(RemoteStatus catalog, @Nullable Instant fileFailure) {
    Instant catalogFailure = catalog.lastError() != null ? catalog.lastAttemptAt() : null;
    if (catalogFailure == null) {
      return fileFailure;
    }
    if (fileFailure == null) {
      return catalogFailure;
    }
    return catalogFailure.isAfter(fileFailure) ? catalogFailure : fileFailure;
  }

  private static boolean answeredAfter(RemoteStatus catalog, Instant failure) {
    return catalog.lastError() == null && catalog.fetchedAt() != null && catalog.fetchedAt().isAfter(failure);
  }
}

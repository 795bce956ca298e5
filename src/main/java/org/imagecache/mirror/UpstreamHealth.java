package org.imagecache.mirror;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.failure.ImageCacheException;
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
  /** The failures that are the upstream's, not this host's or the client's. */
  private static final Set<ImageCacheException.Kind> UPSTREAM_FAULTS = EnumSet.of(ImageCacheException.Kind.REMOTE_UNAVAILABLE,
      ImageCacheException.Kind.REMOTE_TIMEOUT, ImageCacheException.Kind.REMOTE_BAD_ANSWER, ImageCacheException.Kind.CATALOG_INVALID,
      ImageCacheException.Kind.VERIFICATION_FAILED);

  private final Map<String, Instant> fileFailedAt = new ConcurrentHashMap<>();

  /** Whether a pull-through that failed so puts the endpoint in the held-only listing. */
  static boolean isUpstreamFault(Throwable failure) {
    return failure instanceof ImageCacheException e && UPSTREAM_FAULTS.contains(e.kind());
  }

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

package org.imagecache.remote.simplestreams;

import java.util.Optional;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.RemoteFile;

/**
 * Turns an item into a downloadable {@link RemoteFile}, or refuses it with a warning: the path must
 * stay under the base URL ({@link ItemPaths}), the size must be present and within 0..1 TiB, the
 * sha256 must be 64 lowercase hex characters. A refused item is skipped, not fatal: the images that
 * need it are left out and the rest of the catalog stands.
 */
final class FileCheck {
  static final long MAX_SIZE = 1L << 40;

  private final Warnings warnings;

  FileCheck(Warnings warnings) {
    this.warnings = warnings;
  }

  Optional<RemoteFile> file(ItemEntry item, RemoteFile.Role role, ItemPlace place) {
    String path = item.path();
    if (path == null) {
      return refuse(place, item, "path", "is missing");
    }
    Optional<String> pathProblem = ItemPaths.problem(path);
    if (pathProblem.isPresent()) {
      return refuse(place, item, "path", pathProblem.get() + ": '" + shorten(path) + "'");
    }
    Long size = item.size();
    if (size == null) {
      return refuse(place, item, "size", "is missing");
    }
    if (size < 0 || size > MAX_SIZE) {
      return refuse(place, item, "size", "is out of range (0 to 1 TiB): " + size);
    }
    String sha256 = item.sha256();
    if (sha256 == null || !Fingerprint.isValid(sha256)) {
      return refuse(place, item, "sha256", sha256 == null ? "is missing" : "is not 64 lowercase hex characters");
    }
    return Optional.of(new RemoteFile(role, item.ftype() == null ? "" : item.ftype(), path, size, sha256));
  }

  private Optional<RemoteFile> refuse(ItemPlace place, ItemEntry item, String field, String problem) {
    warnings.add(place.describe(item.key(), field) + " " + problem + "; item skipped");
    return Optional.empty();
  }

  private static String shorten(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }
}

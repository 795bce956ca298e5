package org.imagecache.remote.simplestreams;

import java.util.Map;

/**
 * One item of a product version as the products file gives it: its key, its string members (ftype,
 * path, sha256, the combined_* hashes, delta_base) and its size, {@code null} when absent.
 */
record ItemEntry(String key, Map<String, String> strings, Long size) {
  String ftype() {
    return strings.get("ftype");
  }

  String path() {
    return strings.get("path");
  }

  String sha256() {
    return strings.get("sha256");
  }

  String deltaBase() {
    return strings.get("delta_base");
  }

  /** A string member by its name in the document, such as {@code combined_squashfs_sha256}. */
  String get(String member) {
    return strings.get(member);
  }
}

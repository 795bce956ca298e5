package org.imagecache.remote.simplestreams;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One item of a product version as the products file gives it: its key, the string members an image
 * is built from ({@code null} when absent), the {@code combined_*} hashes by member name (only
 * metadata items have them) and its size, {@code null} when absent.
 */
record ItemEntry(
    String key,
    @Nullable String ftype,
    @Nullable String path,
    @Nullable String sha256,
    @Nullable String deltaBase,
    Map<String, String> combinedHashes,
    @Nullable Long size) {

  /** A combined hash by its member name in the document, such as {@code combined_squashfs_sha256}. */
  @Nullable String combinedHash(String member) {
    return combinedHashes.get(member);
  }
}

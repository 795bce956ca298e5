package org.imagecache.remote.simplestreams;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One product of a products file: its id (the key in {@code products}), its string members (arch, os,
 * release, release_title, variant, version, aliases, support_eol), its requirements and its versions
 * by serial.
 */
record ProductEntry(
    String id,
    Map<String, String> strings,
    Map<String, String> requirements,
    Map<String, VersionEntry> versions) {

  @Nullable String get(String member) {
    return strings.get(member);
  }

  /** A member as Go's decoder would give it to LXD: the empty string when absent. */
  String text(String member) {
    String value = strings.get(member);
    return value == null ? "" : value;
  }
}

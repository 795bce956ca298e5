package org.imagecache.remote.simplestreams;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One product of a products file: its id (the key in {@code products}), its string members (arch, os,
 * release, release_title, variant, version, aliases, support_eol), its requirements (LXD's
 * {@code lxd_requirements} when the product has them, else {@code requirements}), the member they were
 * read from, and its versions by serial.
 */
record ProductEntry(
    String id,
    Map<String, String> strings,
    Map<String, String> requirements,
    String requirementsMember,
    Map<String, VersionEntry> versions) {
  static final String REQUIREMENTS = "requirements";
  static final String LXD_REQUIREMENTS = "lxd_requirements";

  @Nullable String get(String member) {
    return strings.get(member);
  }

  /** A member as Go's decoder would give it to LXD: the empty string when absent. */
  String text(String member) {
    String value = strings.get(member);
    return value == null ? "" : value;
  }
}

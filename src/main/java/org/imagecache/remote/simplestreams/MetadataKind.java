package org.imagecache.remote.simplestreams;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The metadata items an image is built around: LXD's {@code lxd.tar.xz} and Incus's
 * {@code incus.tar.xz} (split images, with a rootfs item beside them), and their unified forms
 * {@code lxd_combined.tar.gz} and {@code incus_combined.tar.gz}. LXD reads only the lxd ones and Incus
 * only the incus ones; a cache that serves both reads both, and where both give the same fingerprint
 * the lxd item is kept (its rank is lower).
 */
enum MetadataKind {
  LXD("lxd.tar.xz", false, 0),
  INCUS("incus.tar.xz", false, 1),
  LXD_COMBINED("lxd_combined.tar.gz", true, 0),
  INCUS_COMBINED("incus_combined.tar.gz", true, 1);

  private static final Map<String, MetadataKind> BY_FTYPE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MetadataKind::ftype, kind -> kind));

  private final String ftype;
  private final boolean unified;
  private final int rank;

  MetadataKind(String ftype, boolean unified, int rank) {
    this.ftype = ftype;
    this.unified = unified;
    this.rank = rank;
  }

  /** The kind an item's ftype names, or null when it names none. */
  static @Nullable MetadataKind fromFtype(@Nullable String ftype) {
    return ftype == null ? null : BY_FTYPE.get(ftype);
  }

  String ftype() {
    return ftype;
  }

  boolean unified() {
    return unified;
  }

  int rank() {
    return rank;
  }
}

package org.imagecache.remote.simplestreams;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.imagecache.image.ImageType;
import org.jspecify.annotations.Nullable;

/**
 * The rootfs items LXD knows, in its order of preference when one version offers several of a type
 * (Incus's {@code sortedImages}: squashfs, root.tar.xz, disk-kvm.img, uefi1.img, disk1.img), each with
 * the member of the metadata item that holds the combined fingerprint.
 */
enum RootKind {
  SQUASHFS("squashfs", ImageType.CONTAINER, "combined_squashfs_sha256", true),
  ROOT_TAR_XZ("root.tar.xz", ImageType.CONTAINER, "combined_rootxz_sha256", false),
  DISK_KVM("disk-kvm.img", ImageType.VIRTUAL_MACHINE, "combined_disk-kvm-img_sha256", true),
  UEFI1("uefi1.img", ImageType.VIRTUAL_MACHINE, "combined_uefi1-img_sha256", false),
  DISK1("disk1.img", ImageType.VIRTUAL_MACHINE, "combined_disk1-img_sha256", false);

  private static final Map<String, RootKind> BY_FTYPE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RootKind::ftype, kind -> kind));

  /** The member that held the fingerprint before root.tar.xz got its own; the fallback for it. */
  static final String LEGACY_COMBINED = "combined_sha256";

  private final String ftype;
  private final ImageType type;
  private final String combinedMember;
  private final boolean hasDeltas;

  RootKind(String ftype, ImageType type, String combinedMember, boolean hasDeltas) {
    this.ftype = ftype;
    this.type = type;
    this.combinedMember = combinedMember;
    this.hasDeltas = hasDeltas;
  }

  /** The kind an item's ftype names, or null when it names none. */
  static @Nullable RootKind fromFtype(@Nullable String ftype) {
    return ftype == null ? null : BY_FTYPE.get(ftype);
  }

  String ftype() {
    return ftype;
  }

  ImageType type() {
    return type;
  }

  /** The ftype of deltas for this rootfs, or null: LXD applies deltas to squashfs and disk-kvm.img. */
  @Nullable String deltaFtype() {
    return hasDeltas ? ftype + ".vcdiff" : null;
  }

  /** The combined fingerprint the metadata item gives for this rootfs, or null. */
  @Nullable String fingerprintFrom(ItemEntry meta) {
    String value = meta.combinedHash(combinedMember);
    if (this == ROOT_TAR_XZ && (value == null || value.isEmpty())) {
      value = meta.combinedHash(LEGACY_COMBINED);
    }
    return value == null || value.isEmpty() ? null : value;
  }
}

package org.imagecache.image;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of an image: the files of a fingerprint are the same bytes in every project, so these facts
 * belong to the fingerprint, not to one project's record.
 *
 * @param role what the file is to the image
 * @param ftype the simplestreams item's {@code ftype} ({@code lxd.tar.xz}, {@code squashfs},
 *     {@code disk-kvm.img}, ...; empty when the remote gave none)
 * @param size its exact size in bytes, as the download enforced it
 * @param sha256 its own SHA-256 as the catalog gives it; the download checks the fingerprint over the
 *     files with these sizes, which pins the same bytes for any consistent catalog
 * @param basename the file's name on the remote
 */
public record ImageFile(Role role, String ftype, long size, String sha256, String basename) {
  /** The part of the image a file is. */
  public enum Role {
    /** The metadata tarball of a split image. */
    METADATA,
    /** A container's root filesystem (squashfs, a tarball). */
    ROOTFS,
    /** A virtual machine's disk image (qcow2). */
    DISK,
    /** One tarball with metadata and root filesystem together. */
    UNIFIED;

    /** The name the database and the API use: {@code metadata}, {@code rootfs}, {@code disk}, {@code unified}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public ImageFile {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(ftype, "ftype");
    Objects.requireNonNull(basename, "basename");
    if (size < 0) {
      throw new IllegalArgumentException("a file's size cannot be negative: " + size);
    }
    if (!Fingerprint.isValid(sha256)) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
  }
}

package org.imagecache.remote.simplestreams;

import java.util.Objects;

/**
 * A file to download for an image: its role, the item's {@code ftype} ({@code lxd.tar.xz},
 * {@code squashfs}, {@code disk-kvm.img}, ...; empty when the item has none), its path relative to the
 * remote's base URL (checked not to leave it), its size in bytes and its SHA-256 (64 lowercase hex
 * characters).
 */
public record CatalogFile(Role role, String ftype, String path, long size, String sha256) {
  /** What the file is to the image. A unified image has one file; a split image a META and a ROOT. */
  public enum Role {
    META,
    ROOT,
    UNIFIED
  }

  public CatalogFile {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(ftype, "ftype");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The last segment of the path: the file's name on the remote. */
  public String basename() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

package org.imagecache.image;

import java.util.Objects;

/**
 * A file to download for an image a remote offers, whatever its protocol: its role, its type as the
 * remote names it (simplestreams' {@code ftype}: {@code lxd.tar.xz}, {@code squashfs},
 * {@code disk-kvm.img}, ...; empty when it has none), its path relative to the remote's base URL
 * (checked not to leave it), its size in bytes and its SHA-256 (64 lowercase hex characters).
 */
public record RemoteFile(Role role, String ftype, String path, long size, String sha256) {
  /** What the file is to the image. A unified image has one file; a split image a META and a ROOT. */
  public enum Role {
    META,
    ROOT,
    UNIFIED
  }

  public RemoteFile {
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

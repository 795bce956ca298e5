package org.imagecache.remote.simplestreams;

import java.util.Objects;

/**
 * A file to download for an image: its role, its path relative to the remote's base URL (checked not
 * to leave it), its size in bytes and its SHA-256 (64 lowercase hex characters).
 */
public record CatalogFile(Role role, String path, long size, String sha256) {
  /** What the file is to the image. A unified image has one file; a split image a META and a ROOT. */
  public enum Role {
    META,
    ROOT,
    UNIFIED
  }

  public CatalogFile {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }
}

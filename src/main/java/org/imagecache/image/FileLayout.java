package org.imagecache.image;

import java.util.List;
import java.util.Optional;

/**
 * How an image's files lie in the store: one unified tarball ({@code <fp>}), or the metadata tarball
 * ({@code <fp>}) beside a container's root filesystem ({@code <fp>.rootfs}, as LXD names it) or a
 * virtual machine's disk ({@code <fp>.disk}: a qcow2 disk is not a root filesystem).
 */
public enum FileLayout {
  UNIFIED(Optional.empty()),
  CONTAINER(Optional.of(".rootfs")),
  VIRTUAL_MACHINE(Optional.of(".disk"));

  /** The suffixes of every second file, whatever the layout: what a store may hold beside {@code <fp>}. */
  public static final List<String> SECOND_FILE_SUFFIXES = List.of(".rootfs", ".disk");

  private final Optional<String> secondFileSuffix;

  FileLayout(Optional<String> secondFileSuffix) {
    this.secondFileSuffix = secondFileSuffix;
  }

  public static FileLayout of(ImageType type, int files) {
    if (files == 1) {
      return UNIFIED;
    }
    return type == ImageType.VIRTUAL_MACHINE ? VIRTUAL_MACHINE : CONTAINER;
  }

  /** The name's suffix of the file beside the metadata, or empty for a unified image. */
  public Optional<String> secondFileSuffix() {
    return secondFileSuffix;
  }
}

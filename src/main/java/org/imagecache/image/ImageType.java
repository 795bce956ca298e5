package org.imagecache.image;

import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;

/** What an image boots as. Wire names are LXD's. */
public enum ImageType {
  CONTAINER("container"),
  VIRTUAL_MACHINE("virtual-machine");

  private final String wireName;

  ImageType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ImageType fromWireName(String name) {
    for (ImageType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new InvalidInputException("invalid_type",
        "Unknown image type '" + ImageCacheException.clip(name) + "' (container or virtual-machine)");
  }

  @Override
  public String toString() {
    return wireName;
  }
}

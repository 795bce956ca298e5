package org.imagecache.remote.simplestreams;

import java.util.Objects;
import org.imagecache.image.ImageType;

/** What an alias is resolved by: its name, the kernel architecture and the image type (Incus's key). */
record AliasKey(String name, String architecture, ImageType type) {
  AliasKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public String toString() {
    return "'" + name + "' for " + architecture + " " + type;
  }
}

package org.imagecache.remote.simplestreams;

import java.util.List;

/**
 * Where in the products file an image was read from: its product, its version, and the items its files
 * came from, one per file in the image's order. A mirror writes the image back from these, so that a
 * client reading the mirror's products file builds the same image as from the remote's.
 */
record ImageOrigin(ProductEntry product, VersionEntry version, List<ItemEntry> items) {
  ImageOrigin {
    items = List.copyOf(items);
  }
}

package org.imagecache.remote.simplestreams;

import org.jspecify.annotations.Nullable;

/** Where a version sits, so that warnings can name an item as {@code products["p"].versions["v"]...}. */
record ItemPlace(String source, String productId, String serial) {
  String describe(@Nullable String itemKey, @Nullable String field) {
    DocPath path = new DocPath();
    path.enter("products", productId);
    path.enter("versions", serial);
    if (itemKey != null) {
      path.enter("items", itemKey);
    }
    return source + ": " + path.at(field);
  }
}

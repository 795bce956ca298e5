package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What every image of one product shares: the document and product it comes from, its kernel
 * architecture, its alias names and its end of support ({@code null} when unknown).
 */
record ProductScope(
    String source,
    ProductEntry product,
    String kernelArch,
    List<String> aliasNames,
    @Nullable Instant expiresAt) {

  ItemPlace place(String serial) {
    return new ItemPlace(source, product.id(), serial);
  }
}

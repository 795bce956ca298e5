package org.imagecache.remote.simplestreams;

import java.util.List;

/**
 * One content entry of {@code streams/v1/index.json}: its content id (the key in {@code index}), its
 * datatype ({@code image-downloads}, {@code image-ids}, ...), the path of its products file relative to
 * the remote's base URL, and the product ids it announces.
 */
public record IndexEntry(String contentId, String datatype, String path, List<String> products) {
  public static final String IMAGE_DOWNLOADS = "image-downloads";

  public IndexEntry {
    products = List.copyOf(products);
  }

  /** True for the entries a catalog is built from. */
  public boolean isImageDownloads() {
    return IMAGE_DOWNLOADS.equals(datatype);
  }
}

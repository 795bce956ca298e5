package org.imagecache.remote.simplestreams;

import java.util.Collection;
import java.util.Map;

/** One version of a product: its serial (the key in {@code versions}), label and items by key. */
record VersionEntry(String serial, String label, Map<String, ItemEntry> items) {
  Collection<ItemEntry> itemList() {
    return items.values();
  }
}

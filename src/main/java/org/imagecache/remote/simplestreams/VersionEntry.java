package org.imagecache.remote.simplestreams;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One version of a product: its serial (the key in {@code versions}), label and items in document order. */
record VersionEntry(String serial, @Nullable String label, List<ItemEntry> items) {}

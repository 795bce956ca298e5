package org.imagecache.remote.simplestreams;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A parsed products file ({@code products:1.0}): where it came from, its datatype and products by id. */
record ProductsDocument(String source, @Nullable String datatype, Map<String, ProductEntry> products) {}

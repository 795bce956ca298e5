package org.imagecache.remote.simplestreams;

import java.util.Map;

/** A parsed products file ({@code products:1.0}): where it came from, its datatype and products by id. */
record ProductsDocument(String source, String datatype, Map<String, ProductEntry> products) {}

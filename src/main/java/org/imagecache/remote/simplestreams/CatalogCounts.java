package org.imagecache.remote.simplestreams;

/**
 * How much a catalog holds: images (containers plus virtual machines), alias keys (name, architecture,
 * type) and how many of those are ambiguous.
 */
public record CatalogCounts(int images, int containers, int virtualMachines, int aliases,
    int ambiguousAliases) {}

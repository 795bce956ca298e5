package org.imagecache.image;

/**
 * Where a cached image came from (LXD's images_source): the remote's server URL, protocol, pinned
 * certificate (empty when none) and the alias it was resolved from.
 */
public record ImageSource(String server, String protocol, String certificate, String alias) {}

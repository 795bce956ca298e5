/**
 * Pure parsing of simplestreams metadata ({@code streams/v1/index.json} and its
 * {@code image-downloads} products files) into an immutable {@link
 * org.imagecache.remote.simplestreams.Catalog}, with LXD's rules for fingerprints, image types and
 * aliases. No I/O and no Vert.x: callers hand in bytes. Depends only on {@code org.imagecache.image}
 * and Jackson's streaming parser.
 */
package org.imagecache.remote.simplestreams;

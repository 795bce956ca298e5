/**
 * Domain values shared by every component: fingerprints, architectures, image types, local images,
 * aliases, leases, sources, events. No Vert.x, no jOOQ, no I/O.
 *
 * <p>May use: {@code failure}.
 */
package org.imagecache.image;

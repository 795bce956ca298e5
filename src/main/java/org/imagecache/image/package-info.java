/**
 * Domain values shared by every component: fingerprints, architectures, image types, and the root of
 * imagecache's exceptions. Depends on nothing (no Vert.x, no jOOQ, no I/O).
 */
package org.imagecache.image;

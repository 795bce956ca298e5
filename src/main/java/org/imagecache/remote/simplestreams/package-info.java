/**
 * The simplestreams protocol: the index and products documents parsed into a {@code Catalog} of
 * images and files, with their warnings. Pure parsing, no I/O.
 *
 * <p>May use: {@code image}, {@code failure}.
 */
package org.imagecache.remote.simplestreams;

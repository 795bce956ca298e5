/**
 * A mirror tier: the members that share one PostgreSQL database download each image from the upstream
 * once between them (claims, heartbeats, takeover, fencing) and take the files from each other's mirror
 * listeners (peer fetch). Absent on SQLite: a single host is a tier of one.
 *
 * <p>May use: {@code store}, {@code resolve}, {@code remote}, {@code config}, {@code image}, {@code failure}.
 */
@NullMarked
package org.imagecache.cluster;

import org.jspecify.annotations.NullMarked;

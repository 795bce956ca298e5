/**
 * Remotes: their configuration, the HTTP transport (limits, redirects, stalls), the catalog cached in
 * memory and on disk with its refresh, and each remote's status.
 *
 * <p>May use: {@code remote.simplestreams}, {@code config}, {@code metrics}, {@code image},
 * {@code failure}.
 */
package org.imagecache.remote;

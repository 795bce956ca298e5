/**
 * Remotes: their configuration, the HTTP transport (limits, redirects, stalls), the catalog cached in
 * memory and on disk with its refresh, and each remote's status. The rest of the service sees a remote
 * through protocol-neutral types only: an {@link org.imagecache.remote.ImageIndex} of what it offers
 * ({@link org.imagecache.image.RemoteImage}s and their files) and a {@link org.imagecache.remote.RemoteSource}
 * that downloads a file; a protocol ({@code remote.simplestreams}, later OCI) is an implementation of them.
 *
 * <p>May use: {@code remote.simplestreams}, {@code config}, {@code metrics}, {@code image},
 * {@code failure}.
 */
package org.imagecache.remote;

/**
 * The HTTP API: routes (thin handlers), LXD's envelope, the token check, request framing, and the one
 * error mapper at the edge ({@link org.imagecache.api.ErrorMapper}); shared parsing has its own classes
 * ({@code Queries}, {@code LookupRequests}).
 *
 * <p>May use: {@code resolve}, {@code schedule}, {@code settings}, {@code operations}, {@code remote}
 * (its protocol-neutral types, never a protocol's package), {@code metrics}, {@code config},
 * {@code image}, {@code failure}; Vert.x Web. Never the {@code store} or SQL.
 */
package org.imagecache.api;

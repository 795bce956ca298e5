/**
 * The launch lookup: resolution (local, prefer-cached, catalog), provisioning (one download per
 * fingerprint, verified, committed atomically), leases and write-behind use. Decision rules are plain
 * Java; database work goes through the store's writer and readers.
 *
 * <p>May use: {@code store}, {@code remote} ({@code ImageIndex}, {@code RemoteSource}: never a
 * protocol's package), {@code files}, {@code operations}, {@code metrics}, {@code config},
 * {@code image}, {@code failure}.
 */
package org.imagecache.resolve;

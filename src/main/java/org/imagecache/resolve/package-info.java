/**
 * The launch lookup: resolution (local, prefer-cached, catalog), provisioning (one download per
 * fingerprint, verified, committed atomically), leases and write-behind use. Decision rules are plain
 * Java; database work goes through the store's writer and readers. Depends on {@code remote},
 * {@code store}, {@code files}, {@code operations}, {@code config}, {@code image}.
 */
package org.imagecache.resolve;

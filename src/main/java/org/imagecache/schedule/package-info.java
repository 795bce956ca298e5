/**
 * What runs on a schedule: auto-update (one refresh per due image, at most N at a time, due times
 * stored per image with jitter and backoff), the removal of superseded revisions, the prune, and the
 * cache's statistics and event log. Decision rules are plain Java ({@link
 * org.imagecache.schedule.RevisionPolicy}, {@link org.imagecache.schedule.PrunePolicy}); time comes from the
 * injected clock.
 *
 * <p>May use: {@code resolve}, {@code store}, {@code remote} (never a protocol's package),
 * {@code files}, {@code operations}, {@code metrics}, {@code config}, {@code image}, {@code failure}.
 */
package org.imagecache.schedule;

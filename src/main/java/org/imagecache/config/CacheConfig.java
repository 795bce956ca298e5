package org.imagecache.config;

import java.time.Duration;

/**
 * The cache's policy knobs.
 *
 * @param launchLease how long every lookup keeps its image from being deleted
 * @param freshGrace a just-downloaded image is never pruned before this
 * @param keepRevisions older revisions of an alias kept after an auto-update
 * @param highWatermark disk-pressure pruning starts above this
 * @param lowWatermark and stops below this
 * @param maxDeletions at most this many deletions per prune run
 * @param autoUpdateConcurrency at most this many auto-updates run at a time
 * @param autoUpdateTick how often auto-update looks for due images
 * @param pruneInterval how often the scheduled prune runs
 */
public record CacheConfig(
    Duration launchLease,
    Duration freshGrace,
    int keepRevisions,
    Watermark highWatermark,
    Watermark lowWatermark,
    int maxDeletions,
    int autoUpdateConcurrency,
    Duration autoUpdateTick,
    Duration pruneInterval) {}

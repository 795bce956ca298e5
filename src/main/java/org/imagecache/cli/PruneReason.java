package org.imagecache.cli;

/** Why prune may delete an image (the service's prune policy); picocli rejects any other name as a usage error. */
enum PruneReason { expired, disk_pressure, superseded }

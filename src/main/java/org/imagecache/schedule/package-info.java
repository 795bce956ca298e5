/**
 * What runs on a schedule: auto-update (one refresh per due image, at most N at a time, due times
 * stored per image with jitter and backoff) and the removal of superseded revisions. Decision rules are
 * plain Java ({@link org.imagecache.schedule.RevisionPolicy}); time comes from the injected clock.
 * Depends on {@code resolve}, {@code remote}, {@code store}.
 */
package org.imagecache.schedule;

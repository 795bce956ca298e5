/**
 * Writes simplestreams trees of real (small or large) LXD split images: the demo remote that makes a
 * fresh install work offline, and the streams of the black-box suites and benchmarks.
 *
 * <p>May use: {@code files}, {@code image}, {@code failure}.
 */
package org.imagecache.demo;

/**
 * Long tasks (downloads, explicit pulls) that callers may watch, wait for and cancel, in LXD's operation
 * shape.
 *
 * <p>May use: {@code remote} (for cancellation), {@code failure}.
 */
package org.imagecache.operations;

/**
 * Long tasks (downloads, explicit pulls) that callers may watch, wait for and cancel, in LXD's operation
 * shape. Depends on {@code remote} (for cancellation) and {@code image}.
 */
package org.imagecache.operations;

package org.imagecache.remote;

import org.imagecache.image.ImageCacheException;

/** The operation was cancelled by a caller ({@code DELETE /1.0/operations/<id>}). */
public final class CancelledException extends ImageCacheException {
  public CancelledException(String message) {
    super("cancelled", message, null);
  }
}

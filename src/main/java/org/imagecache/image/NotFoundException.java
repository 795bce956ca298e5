package org.imagecache.image;

/** The named thing (image, alias, lease, remote, operation) does not exist. */
public final class NotFoundException extends ImageCacheException {
  public NotFoundException(String reason, String message) {
    super(reason, message, null);
  }
}

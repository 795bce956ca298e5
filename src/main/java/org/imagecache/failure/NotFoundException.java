package org.imagecache.failure;

/** The named thing (image, alias, lease, remote, operation) does not exist. */
public final class NotFoundException extends ImageCacheException {
  public NotFoundException(String reason, String message) {
    super(Kind.NOT_FOUND, reason, message, null);
  }
}

package org.imagecache.image;

/**
 * The root of imagecache's own failures. Each carries a stable {@code reason} (such as
 * {@code invalid_fingerprint}) that the API shows as {@code metadata.reason}; HTTP statuses are chosen
 * at the edge, by the API's error mapper, from the subclass.
 */
public abstract class ImageCacheException extends RuntimeException {
  private final String reason;

  protected ImageCacheException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}

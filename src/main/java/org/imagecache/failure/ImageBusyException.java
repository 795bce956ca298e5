package org.imagecache.failure;

/**
 * The image a lookup resolved to was deleted, or is being deleted, before the lookup could hold it
 * (reason {@code image_busy}): the lookup resolves again rather than fail.
 */
public final class ImageBusyException extends ConflictException {
  private final String fingerprint;

  public ImageBusyException(String fingerprint, String message) {
    super("image_busy", message);
    this.fingerprint = fingerprint;
  }

  /** The full fingerprint of the image that went away. */
  public String fingerprint() {
    return fingerprint;
  }
}

package org.imagecache.mirror;

/** A certificate or key of the mirror that cannot be used; the message names the file and the problem. */
public final class MirrorTlsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MirrorTlsException(String message) {
    super(message);
  }
}

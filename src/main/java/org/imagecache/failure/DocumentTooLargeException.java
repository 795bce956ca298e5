package org.imagecache.failure;

/**
 * A remote's document is larger than the bound it is read under (reason {@code catalog_too_large}):
 * one document over {@code max_catalog}, or the documents together over {@code max_catalog_total}.
 */
public final class DocumentTooLargeException extends RemoteException {
  public DocumentTooLargeException(String remote, String message) {
    super(Kind.REMOTE_BAD_ANSWER, "catalog_too_large", remote, message, null);
  }
}

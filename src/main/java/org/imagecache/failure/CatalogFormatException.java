package org.imagecache.failure;


/**
 * A simplestreams document that cannot be read: malformed JSON, a value of the wrong JSON type, a
 * required member missing. The message names the document and the place in it, such as {@code
 * streams/v1/images.json: products["x"].versions["y"].items["z"].size must be an integer}. Reason
 * {@value #REASON}.
 */
public final class CatalogFormatException extends ImageCacheException {
  public static final String REASON = "catalog_invalid";

  public CatalogFormatException(String message) {
    super(Kind.CATALOG_INVALID, REASON, message, null);
  }

  public CatalogFormatException(String message, Throwable cause) {
    super(Kind.CATALOG_INVALID, REASON, message, cause);
  }
}

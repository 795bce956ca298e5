package org.imagecache.remote;

/**
 * A catalog document as fetched, with the validators for the next conditional request.
 *
 * @param bytes the document, or null when the remote answered 304 (then the previous bytes hold)
 * @param etag the ETag, or null
 * @param lastModified the Last-Modified value, or null
 */
public record Fetched(String path, byte[] bytes, String etag, String lastModified) {
  public boolean notModified() {
    return bytes == null;
  }

  public Validators validators() {
    return new Validators(etag, lastModified);
  }

  /** What a conditional request sends back. */
  public record Validators(String etag, String lastModified) {
    public static final Validators NONE = new Validators(null, null);
  }
}

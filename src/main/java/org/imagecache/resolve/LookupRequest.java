package org.imagecache.resolve;

import org.imagecache.image.ImageType;

/**
 * A validated launch lookup.
 *
 * @param remote the configured remote's name, or null to resolve locally only
 * @param alias the alias to resolve, or null when {@code fingerprint} is given
 * @param fingerprint a fingerprint prefix (12 to 64 lowercase hex), or null when {@code alias} is given
 * @param architecture kernel name
 * @param instance an instance to hold a lease for until it is deleted, or null
 * @param waitForDownload false: answer with an operation at once when a download is needed
 */
public record LookupRequest(
    String project,
    String remote,
    String alias,
    String fingerprint,
    String architecture,
    ImageType type,
    String instance,
    boolean waitForDownload) {

  public boolean byAlias() {
    return alias != null;
  }

  /** What the lookup named, for messages. */
  public String ref() {
    return (remote == null ? "" : remote + ":") + (alias != null ? alias : fingerprint);
  }
}

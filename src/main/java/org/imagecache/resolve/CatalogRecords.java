package org.imagecache.resolve;

import java.time.Instant;
import org.imagecache.image.LocalImage;
import org.imagecache.remote.simplestreams.CatalogImage;

/** Turns a catalog image into the record a project keeps of it (for a launch, a pull or a refresh). */
public final class CatalogRecords {
  private CatalogRecords() {}

  /** What differs between the ways a record comes to be. */
  public record State(boolean cached, boolean autoUpdate, Instant lastUsedAt, Instant nextUpdateAt) {}

  public static LocalImage newRecord(String project, CatalogImage ci, State state, Instant now) {
    return new LocalImage(0, project, ci.fingerprint(), filename(ci), ci.size(), ci.architecture(), ci.type(),
        ci.files().size() == 1, state.cached(), state.autoUpdate(), false, ci.createdAt(), now, state.lastUsedAt(), state.nextUpdateAt());
  }

  /** The metadata (or unified) file's name at the source, as LXD keeps it. */
  static String filename(CatalogImage ci) {
    String path = ci.files().get(0).path();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}

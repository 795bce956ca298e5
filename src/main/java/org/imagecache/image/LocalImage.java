package org.imagecache.image;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An image record of one project. Its files are shared by fingerprint with every other project's
 * record of the same fingerprint.
 *
 * @param id database id (0 before it is stored)
 * @param filename the metadata (or unified) file's name at the source, as LXD keeps it
 * @param unified one file holds metadata and rootfs (no {@code <fp>.rootfs})
 * @param cached fetched by imagecache for a launch (only these expire)
 * @param createdAt when the publisher built it, or null
 * @param lastUsedAt last launch lookup, or null when never used
 * @param nextUpdateAt when auto-update checks its source next, or null
 */
public record LocalImage(
    long id,
    String project,
    Fingerprint fingerprint,
    String filename,
    long size,
    String architecture,
    ImageType type,
    boolean unified,
    boolean cached,
    boolean autoUpdate,
    boolean pinned,
    @Nullable Instant createdAt,
    Instant uploadedAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant nextUpdateAt) {

  /**
   * Whether this image's record is still to be written (its files came while a shared database was out
   * of reach): its id is provisional, negative, and no row has it.
   */
  public boolean provisional() {
    return id < 0;
  }

  public LocalImage withId(long newId) {
    return new LocalImage(newId, project, fingerprint, filename, size, architecture, type, unified, cached,
        autoUpdate, pinned, createdAt, uploadedAt, lastUsedAt, nextUpdateAt);
  }

  public LocalImage withLastUsedAt(@Nullable Instant at) {
    return new LocalImage(id, project, fingerprint, filename, size, architecture, type, unified, cached,
        autoUpdate, pinned, createdAt, uploadedAt, at, nextUpdateAt);
  }

  /** How its files lie in the store. */
  public FileLayout layout() {
    return FileLayout.of(type, unified ? 1 : 2);
  }
}

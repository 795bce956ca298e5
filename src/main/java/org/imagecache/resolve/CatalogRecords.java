package org.imagecache.resolve;

import java.time.Instant;
import java.util.List;
import org.imagecache.image.ImageFile;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.image.RemoteFile;
import org.imagecache.image.RemoteImage;
import org.jspecify.annotations.Nullable;

/** Turns a catalog image into the record a project keeps of it (for a launch, a pull or a refresh). */
public final class CatalogRecords {
  private CatalogRecords() {}

  /** What differs between the ways a record comes to be. */
  public record State(boolean cached, boolean autoUpdate, @Nullable Instant lastUsedAt, @Nullable Instant nextUpdateAt) {}

  public static LocalImage newRecord(String project, RemoteImage ci, State state, Instant now) {
    return new LocalImage(0, project, ci.fingerprint(), filename(ci), ci.size(), ci.architecture(), ci.type(),
        ci.files().size() == 1, state.cached(), state.autoUpdate(), false, ci.createdAt(), now, state.lastUsedAt(), state.nextUpdateAt());
  }

  /** The metadata (or unified) file's name at the source, as LXD keeps it. */
  static String filename(RemoteImage ci) {
    return ci.files().get(0).basename();
  }

  /**
   * The image's files as the store records them: each file's size (which the download enforces) and
   * SHA-256 are the catalog's.
   */
  public static List<ImageFile> files(RemoteImage ci) {
    return ci.files().stream().map(f -> new ImageFile(role(ci, f), f.ftype(), f.size(), f.sha256(), f.basename())).toList();
  }

  private static ImageFile.Role role(RemoteImage ci, RemoteFile f) {
    switch (f.role()) {
      case META:
        return ImageFile.Role.METADATA;
      case UNIFIED:
        return ImageFile.Role.UNIFIED;
      default:
        return ci.type() == ImageType.VIRTUAL_MACHINE ? ImageFile.Role.DISK : ImageFile.Role.ROOTFS;
    }
  }
}

package org.imagecache.remote.simplestreams;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The items of one version checked by {@link FileCheck}, each once however many images share it (a
 * metadata item is in one image per rootfs), so its warning is given once and its hash read once.
 */
final class VersionFiles {
  private final FileCheck check;
  private final ItemPlace place;
  private final Map<ItemEntry, Optional<CatalogFile>> checked = new IdentityHashMap<>();

  VersionFiles(FileCheck check, ItemPlace place) {
    this.check = check;
    this.place = place;
  }

  ItemPlace place() {
    return place;
  }

  /** The item as a file with this role, or empty when {@link FileCheck} refuses it. */
  Optional<CatalogFile> file(ItemEntry item, CatalogFile.Role role) {
    Optional<CatalogFile> file = checked.computeIfAbsent(item, i -> check.file(i, role, place));
    return file.map(f -> f.role() == role ? f : new CatalogFile(role, f.path(), f.size(), f.sha256()));
  }
}

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
  private final Map<ItemEntry, Optional<CatalogFile>> checked;

  VersionFiles(FileCheck check, ItemPlace place, int itemCount) {
    this.check = check;
    this.place = place;
    this.checked = new IdentityHashMap<>(itemCount);
  }

  ItemPlace place() {
    return place;
  }

  /** The item as a file with this role, or null when {@link FileCheck} refuses it. */
  CatalogFile file(ItemEntry item, CatalogFile.Role role) {
    Optional<CatalogFile> result = checked.get(item);
    if (result == null) {
      result = check.file(item, role, place);
      checked.put(item, result);
    }
    CatalogFile file = result.orElse(null);
    return file == null || file.role() == role ? file
        : new CatalogFile(role, file.path(), file.size(), file.sha256());
  }
}

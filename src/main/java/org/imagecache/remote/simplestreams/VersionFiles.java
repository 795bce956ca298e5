package org.imagecache.remote.simplestreams;

import java.util.List;
import java.util.Optional;
import org.imagecache.image.RemoteFile;
import org.jspecify.annotations.Nullable;

/**
 * The items of one version, each checked by {@link FileCheck} once however many images share it (a
 * metadata item is in one image per rootfs), so its warning is given once and its hash read once.
 * Items are named by their position in the version.
 */
final class VersionFiles {
  private final FileCheck check;
  private final ItemPlace place;
  private final List<ItemEntry> items;
  private final Optional<RemoteFile>[] checked;

  @SuppressWarnings("unchecked")
  VersionFiles(FileCheck check, ItemPlace place, List<ItemEntry> items) {
    this.check = check;
    this.place = place;
    this.items = items;
    this.checked = new Optional[items.size()];
  }

  ItemPlace place() {
    return place;
  }

  /** The item at this position as a file with this role, or null when {@link FileCheck} refuses it. */
  @Nullable RemoteFile file(int item, RemoteFile.Role role) {
    if (checked[item] == null) {
      checked[item] = check.file(items.get(item), role, place);
    }
    RemoteFile file = checked[item].orElse(null);
    return file == null || file.role() == role ? file
        : new RemoteFile(role, file.ftype(), file.path(), file.size(), file.sha256());
  }
}

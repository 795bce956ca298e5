package org.imagecache.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imagecache.image.LocalImage;
import org.imagecache.store.SupersededRepository.Superseded;

/**
 * Which superseded revisions may go: per source (server, protocol, alias) and project, the newest
 * {@code cache.keep_revisions} are kept; of the rest, the ones every deletion rule allows may be
 * deleted: cached (never a user's image), not pinned, not younger than {@code cache.fresh_grace} (a
 * lease the deleter checks). Plain Java, no I/O.
 */
public final class RevisionPolicy {
  private RevisionPolicy() {}

  /**
   * The revisions beyond the newest {@code keepRevisions} of their source and project that every
   * deletion rule lets go now (the collector deletes these, the deleter still checking leases).
   *
   * @param now the time the fresh grace is measured from
   */
  public static List<Superseded> collectable(List<Superseded> all, int keepRevisions, Instant now, Duration freshGrace) {
    return beyondKeep(all, keepRevisions).stream().filter(s -> mayGo(s.image(), now, freshGrace)).toList();
  }

  /**
   * The revisions beyond the newest {@code keepRevisions} of their source and project, whatever else
   * protects them.
   *
   * @param all superseded images, newest first within each source (as the repository lists them)
   */
  public static List<Superseded> beyondKeep(List<Superseded> all, int keepRevisions) {
    Map<String, Integer> seen = new HashMap<>();
    List<Superseded> out = new ArrayList<>();
    for (Superseded s : all) {
      String key = s.image().project() + "\n" + s.sourceKey();
      int n = seen.merge(key, 1, Integer::sum);
      if (n > keepRevisions) {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean mayGo(LocalImage image, Instant now, Duration freshGrace) {
    return image.cached() && !image.pinned() && !image.uploadedAt().isAfter(now.minus(freshGrace));
  }
}

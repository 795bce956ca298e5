package org.imagecache.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imagecache.store.SupersededRepository.Superseded;

/**
 * Which superseded revisions may go: per source (server, protocol, alias) and project, the newest
 * {@code cache.keep_revisions} are kept; the rest may be deleted (if no lease holds them, which the
 * deleter checks). Plain Java, no I/O.
 */
public final class RevisionPolicy {
  private RevisionPolicy() {}

  /** @param all superseded images, newest first within each source (as the repository lists them) */
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
}

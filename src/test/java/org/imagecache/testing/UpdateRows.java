package org.imagecache.testing;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imagecache.demo.StreamGenerator;

/** Rows and streams the auto-update tests look at, over a {@link LookupHarness}. */
public final class UpdateRows {
  public static final String V3 = "20261103_0000";
  public static final String V4 = "20261104_0000";

  private UpdateRows() {}

  /** Writes a stream of testos with these releases and versions; returns release -> version -> fingerprint. */
  public static Map<String, Map<String, String>> publish(LookupHarness h, List<String> releases, List<String> versions) {
    var out = StreamGenerator.write(h.streams, new StreamGenerator.Spec("testos", releases, versions, List.of("amd64"), 64 * 1024));
    var byRelease = new java.util.LinkedHashMap<String, Map<String, String>>();
    out.forEach((product, fps) -> byRelease.put(product.split(":")[1], fps));
    return byRelease;
  }

  /** The rows of images (without next_update_at), image_aliases, image_properties and image_sources, as text. */
  public static String dumpWithoutDueTimes(Path dbFile) {
    StringBuilder sb = new StringBuilder();
    for (String query : List.of(
        "SELECT id, project, fingerprint, filename, size, architecture, type, unified, cached, auto_update, pinned, created_at,"
            + " uploaded_at, last_used_at FROM images ORDER BY id",
        "SELECT * FROM image_aliases ORDER BY 1", "SELECT * FROM image_properties ORDER BY 1, 2", "SELECT * FROM image_sources ORDER BY 1",
        "SELECT * FROM superseded_images ORDER BY 1")) {
      sb.append(query).append(":\n");
      try (var c = TestDatabase.connect(dbFile); var st = c.createStatement(); var rs = st.executeQuery(query)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            sb.append(rs.getString(i)).append('|');
          }
          sb.append('\n');
        }
      } catch (SQLException e) {
        throw new IllegalStateException(query, e);
      }
    }
    return sb.toString();
  }

  /** next_update_at of the project's record of this fingerprint (null when none or no record). */
  public static Instant nextUpdate(Path dbFile, String project, String fp) {
    List<String> v = Sql.column(dbFile, "SELECT next_update_at FROM images WHERE project = '" + project + "' AND fingerprint = '" + fp + "'");
    return v.isEmpty() || v.get(0) == null ? null : Instant.ofEpochMilli(Long.parseLong(v.get(0)));
  }

  public static Instant nextUpdate(Path dbFile, String fp) {
    return nextUpdate(dbFile, "default", fp);
  }

  /** The failures in a row recorded in image_updates for the default project's record of fp (-1 when no row). */
  public static int failures(Path dbFile, String fp) {
    List<String> v = Sql.column(dbFile, "SELECT u.failures FROM image_updates u JOIN images i ON i.id = u.image_id"
        + " WHERE i.project = 'default' AND i.fingerprint = '" + fp + "'");
    return v.isEmpty() ? -1 : Integer.parseInt(v.get(0));
  }

  /** Events of a kind, oldest first, as "fingerprint project reason". */
  public static List<String> events(Path dbFile, String kind) {
    return Sql.column(dbFile, "SELECT fingerprint || ' ' || project || ' ' || coalesce(reason, '-') FROM cache_events WHERE kind = '"
        + kind + "' ORDER BY id");
  }

  public static String event(String fp, String reason) {
    return fp + " default " + reason;
  }

  /** Fingerprints of the project's records. */
  public static List<String> records(Path dbFile, String project) {
    return Sql.column(dbFile, "SELECT fingerprint FROM images WHERE project = '" + project + "' ORDER BY id");
  }
}

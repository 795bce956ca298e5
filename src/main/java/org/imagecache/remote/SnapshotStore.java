package org.imagecache.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The last good catalog documents of each remote, on disk under {@code <data_dir>/catalogs/} as one
 * zip per remote ({@code meta.json} plus the documents byte for byte), written to a temp file and
 * moved into place atomically. Loaded at start so that a restart while the remote is down still
 * resolves aliases. Blocking: call off the event loop.
 */
public final class SnapshotStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = "meta.json";
  private static final String FILES = "files/";

  private final Path dir;

  public SnapshotStore(Path dir) {
    this.dir = dir;
  }

  /** The documents of a remote as stored, with where they came from and when. */
  public record Stored(String server, Instant fetchedAt, Map<String, byte[]> files, Map<String, Fetched.Validators> validators) {}

  /**
   * Removes temp files a save left behind when the process died mid-write ({@code <remote>.zip.<hex>.tmp});
   * at start, before any save runs. Returns how many went.
   */
  public int sweep() {
    int removed = 0;
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches(".+\\.zip\\.[0-9a-f]+\\.tmp")).toList()) {
        if (Files.deleteIfExists(p)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed sweeping the catalog store " + dir, e);
    }
    return removed;
  }

  Path fileOf(String remote) {
    return dir.resolve(remote + ".zip");
  }

  public void save(String remote, String server, Instant fetchedAt, Map<String, Fetched> documents) {
    Path target = fileOf(remote);
    Path temp = dir.resolve(remote + ".zip." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry(META));
        zip.write(JSON.writeValueAsBytes(meta(server, fetchedAt, documents)));
        zip.closeEntry();
        for (Fetched f : documents.values()) {
          zip.putNextEntry(new ZipEntry(FILES + f.path()));
          zip.write(f.bytes());
          zip.closeEntry();
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("Failed saving the catalog of " + remote + " to " + target, e);
    }
  }

  private static ObjectNode meta(String server, Instant fetchedAt, Map<String, Fetched> documents) {
    ObjectNode meta = JSON.createObjectNode().put("server", server).put("fetched_at", fetchedAt.toEpochMilli());
    ObjectNode files = meta.putObject("files");
    documents.values().forEach(f -> files.putObject(f.path()).put("etag", f.etag()));
    return meta;
  }

  /** The stored documents of a remote; empty when there are none or they cannot be read (logged by the caller). */
  public Optional<Stored> load(String remote) {
    Path file = fileOf(remote);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    JsonNode meta = null;
    try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        byte[] bytes = zip.readAllBytes();
        if (e.getName().equals(META)) {
          meta = JSON.readTree(bytes);
        } else if (e.getName().startsWith(FILES)) {
          files.put(e.getName().substring(FILES.length()), bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed reading the stored catalog " + file, e);
    }
    if (meta == null) {
      throw new UncheckedIOException(new IOException("stored catalog " + file + " has no " + META));
    }
    // the digests come from the stored bytes themselves (they are what a refetch is compared against);
    // a last_modified written by an earlier version is ignored: dates are never used as validators
    Map<String, Fetched.Validators> validators = new LinkedHashMap<>();
    meta.path("files").fields().forEachRemaining(e -> {
      byte[] bytes = files.get(e.getKey());
      validators.put(e.getKey(), new Fetched.Validators(text(e.getValue().get("etag")), bytes == null ? null : Fetched.sha256(bytes)));
    });
    return Optional.of(new Stored(meta.path("server").asText(), Instant.ofEpochMilli(meta.path("fetched_at").asLong()), files, validators));
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the sweep of catalogs/ at the next save will not see it either; it is only a temp file
    }
  }
}

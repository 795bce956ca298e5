package org.imagecache.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image files on disk, content-addressed: {@code images/<fingerprint>} (the metadata file, or the one
 * file of a unified image) and beside it {@code images/<fingerprint>.rootfs} (a container's root
 * filesystem) or {@code images/<fingerprint>.disk} (a virtual machine's disk), as {@link FileLayout}
 * says. Files are shared by every project's
 * record of the fingerprint. New files are written through {@link PartialFile}: a temp file in the
 * same directory, checked, then moved into place atomically. All methods block: call them off the
 * event loop.
 */
public final class ImageFileStore {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFileStore.class);
  static final String PARTIAL_SUFFIX = ".partial";
  private static final Pattern IMAGE_FILE = Pattern.compile("([0-9a-f]{64})(\\.rootfs|\\.disk)?");

  private final Path dir;

  public ImageFileStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path directory() {
    return dir;
  }

  /** The metadata file (or the one file of a unified image). */
  public Path metaPath(Fingerprint fp) {
    return dir.resolve(fp.hex());
  }

  /** The file beside the metadata: the root filesystem or the disk, as the layout says (none for a unified image). */
  public Path secondPath(Fingerprint fp, FileLayout layout) {
    String suffix = layout.secondFileSuffix().orElseThrow(() -> new IllegalArgumentException("a unified image has one file"));
    return dir.resolve(fp.hex() + suffix);
  }

  /** The image's files in the order they hash to its fingerprint: metadata first. */
  public List<Path> paths(Fingerprint fp, FileLayout layout) {
    return layout == FileLayout.UNIFIED ? List.of(metaPath(fp)) : List.of(metaPath(fp), secondPath(fp, layout));
  }

  /** Every name a file of this fingerprint may have, whatever its layout. */
  private List<Path> anyLayoutPaths(Fingerprint fp) {
    List<Path> out = new ArrayList<>(List.of(metaPath(fp)));
    FileLayout.SECOND_FILE_SUFFIXES.forEach(suffix -> out.add(dir.resolve(fp.hex() + suffix)));
    return out;
  }

  /** Whether the files of an image are all in place, as regular files (a symbolic link is not a file of ours). */
  public boolean has(Fingerprint fp, FileLayout layout) {
    return paths(fp, layout).stream().allMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
  }

  /** Whether any file of this fingerprint is in the store, whatever its layout (a symbolic link counts). */
  public boolean anyPresent(Fingerprint fp) {
    return anyLayoutPaths(fp).stream().anyMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * What is wrong with an image's files by a look at them (no read): missing, not a regular file (a
   * symbolic link, a directory), or their sizes not adding up to the image's; empty when they look
   * whole. Cheap: a stat of each file.
   */
  public java.util.Optional<String> shapeProblem(Fingerprint fp, FileLayout layout, long size) {
    long total = 0;
    for (Path p : paths(fp, layout)) {
      java.nio.file.attribute.BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        return java.util.Optional.of(p.getFileName() + " is missing");
      }
      if (!a.isRegularFile()) {
        return java.util.Optional.of(p.getFileName() + " is " + (a.isSymbolicLink() ? "a symbolic link" : "not a regular file"));
      }
      total += a.size();
    }
    return total == size ? java.util.Optional.empty()
        : java.util.Optional.of("its files hold " + total + " bytes, not the " + size + " recorded");
  }

  /**
   * What is wrong with an image's files by their content: the shape check, then the SHA-256 of the
   * files in order (metadata, then rootfs or disk), which must be the fingerprint. Reads every byte: blocking.
   */
  public java.util.Optional<String> contentProblem(Fingerprint fp, FileLayout layout, long size) {
    java.util.Optional<String> shape = shapeProblem(fp, layout, size);
    if (shape.isPresent()) {
      return shape;
    }
    java.security.MessageDigest md = PartialFile.sha256();
    for (Path p : paths(fp, layout)) {
      try {
        PartialFile.digest(p, md);
      } catch (IOException e) {
        return java.util.Optional.of(p.getFileName() + " cannot be read: " + e.getMessage());
      }
    }
    String actual = java.util.HexFormat.of().formatHex(md.digest());
    return actual.equals(fp.hex()) ? java.util.Optional.empty()
        : java.util.Optional.of("the SHA-256 of its files is " + actual + ", not the fingerprint");
  }

  /** Bytes the image's files take, 0 when absent. */
  public long sizeOf(Fingerprint fp) {
    return anyLayoutPaths(fp).stream().mapToLong(ImageFileStore::sizeOrZero).sum();
  }

  /**
   * Starts writing {@code target} (a {@link #metaPath} or {@link #secondPath}) through a temp file that
   * must end up with exactly {@code expectedSize} bytes.
   */
  public PartialFile begin(Path target, long expectedSize) {
    if (!dir.equals(target.getParent())) {
      throw new IllegalArgumentException("not a file of this store: " + target);
    }
    return PartialFile.create(target, expectedSize);
  }

  /**
   * Forces the directory's entries to disk: after files were moved into place, and before any record
   * that relies on them is written, so that a power cut cannot keep the record and lose the rename.
   */
  public void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      throw StorageFailures.of("syncing", dir, e);
    }
  }

  /** Removes every file of an image, whatever its layout; returns the bytes freed. */
  public long delete(Fingerprint fp) {
    return anyLayoutPaths(fp).stream().mapToLong(ImageFileStore::deleteFile).sum();
  }

  /**
   * Start-up: a virtual machine's disk that an older version stored as {@code <fp>.rootfs} (as LXD
   * names it) becomes {@code <fp>.disk}, moved atomically and the directory synced; returns how many
   * moved. Run before any request, so nothing looks for either name meanwhile.
   */
  public int renameVirtualMachineDisks(Set<Fingerprint> virtualMachines) {
    int moved = 0;
    for (Fingerprint fp : virtualMachines) {
      Path old = dir.resolve(fp.hex() + ".rootfs");
      Path disk = secondPath(fp, FileLayout.VIRTUAL_MACHINE);
      if (Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS) && !Files.exists(disk, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.move(old, disk, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw StorageFailures.of("renaming", old, e);
        }
        moved++;
        LOG.info("image {}: its virtual machine disk is now {} (was {})", fp.shortForm(), disk.getFileName(), old.getFileName());
      }
    }
    if (moved > 0) {
      syncDirectory();
    }
    return moved;
  }

  /**
   * The start-up sweep: removes temp files left by an interrupted write, and image files that no
   * record in any project refers to. Other files are left alone (and logged). Returns what went.
   */
  public List<Path> sweep(Set<Fingerprint> referenced) {
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        Matcher m = IMAGE_FILE.matcher(name);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          LOG.warn("sweep: left {} alone: a directory, not an image file (remove it by hand)", name);
        } else if (name.endsWith(PARTIAL_SUFFIX)) {
          deleteFile(p);
          removed.add(p);
          LOG.info("sweep: removed temp file {} left by an interrupted write", name);
        } else if (m.matches() && !referenced.contains(Fingerprint.of(m.group(1)))) {
          long bytes = deleteFile(p);
          removed.add(p);
          LOG.info("sweep: removed {} ({} bytes): no image record refers to it", name, bytes);
        } else if (!m.matches()) {
          LOG.warn("sweep: left {} alone: not an image file", name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed sweeping image store " + dir, e);
    }
    return removed;
  }

  /** The image files in the store (by name: a fingerprint, alone or with {@code .rootfs} or {@code .disk}), directories left out. */
  public List<Path> listImageFiles() {
    try (var files = Files.list(dir)) {
      return files.filter(p -> IMAGE_FILE.matcher(p.getFileName().toString()).matches())
          .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed listing image store " + dir, e);
    }
  }

  /** Total bytes of the image files in the store. */
  public long usedBytes() {
    try (var files = Files.list(dir)) {
      return files.filter(p -> IMAGE_FILE.matcher(p.getFileName().toString()).matches()).mapToLong(ImageFileStore::sizeOrZero).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed listing image store " + dir, e);
    }
  }

  private static long deleteFile(Path p) {
    try {
      long size = sizeOrZero(p);
      return Files.deleteIfExists(p) ? size : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed deleting " + p, e);
    }
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}

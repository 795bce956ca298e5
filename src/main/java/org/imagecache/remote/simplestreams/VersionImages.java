package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;
import org.jspecify.annotations.Nullable;

/**
 * The images of one product version, following LXD's {@code ToLXD}: each metadata item
 * ({@link MetadataKind}) with each rootfs item ({@link RootKind}) is a split image whose fingerprint
 * is the metadata item's combined hash for that rootfs; a unified item is an image whose fingerprint is
 * its own sha256. No fingerprint: no image. A fingerprint that is not 64 lowercase hex characters, or
 * an item refused by {@link FileCheck}: no image, and a warning.
 *
 * <p>What the images of the version share (the checked files, the properties, the place in the
 * document) is worked out once here, not per image.
 */
final class VersionImages {
  /** The position of the rootfs item of a unified image, which has none. */
  private static final int NO_ITEM = -1;

  private final ProductScope scope;
  private final VersionEntry version;
  private final Instant createdAt;
  private final VersionFiles files;
  private final ImageProperties properties;
  private final Warnings warnings;

  VersionImages(ProductScope scope, VersionEntry version, Instant createdAt, FileCheck check,
      Warnings warnings) {
    this.scope = scope;
    this.version = version;
    this.createdAt = createdAt;
    this.files = new VersionFiles(check, scope.place(version.serial()), version.items());
    this.properties = new ImageProperties(scope.product(), version);
    this.warnings = warnings;
  }

  /** Adds the version's images to {@code out}, in the order of its items. */
  void addTo(List<ImageCandidate> out) {
    List<ItemEntry> items = version.items();
    for (int meta = 0; meta < items.size(); meta++) {
      MetadataKind metaKind = MetadataKind.fromFtype(items.get(meta).ftype());
      if (metaKind == null) {
        continue;
      }
      if (metaKind.unified()) {
        addImage(out, metaKind, meta, null, NO_ITEM);
        continue;
      }
      for (int root = 0; root < items.size(); root++) {
        RootKind rootKind = RootKind.fromFtype(items.get(root).ftype());
        if (rootKind != null) {
          addImage(out, metaKind, meta, rootKind, root);
        }
      }
    }
  }

  /**
   * Adds the image of the metadata item at position {@code metaAt} with the rootfs item at
   * {@code rootAt} (null and {@link #NO_ITEM} for a unified image), if they make one.
   */
  private void addImage(List<ImageCandidate> out, MetadataKind metaKind, int metaAt,
      @Nullable RootKind rootKind, int rootAt) {
    ItemEntry meta = version.items().get(metaAt);
    String fingerprint = rootKind == null ? meta.sha256() : rootKind.fingerprintFrom(meta);
    if (fingerprint == null) {
      return;
    }
    if (!Fingerprint.isValid(fingerprint)) {
      warnings.add(files.place().describe(meta.key(), null) + " gives a fingerprint that is not 64"
          + " lowercase hex characters for " + (rootKind == null ? "its unified image" : rootKind.ftype())
          + "; image skipped");
      return;
    }
    List<RemoteFile> imageFiles = imageFiles(metaAt, rootAt);
    if (imageFiles.isEmpty()) {
      return;
    }
    ImageType type = rootKind == null ? ImageType.CONTAINER : rootKind.type();
    String rootFtype = rootKind == null ? null : rootKind.ftype();
    CatalogImage image = new CatalogImage(Fingerprint.of(fingerprint), scope.kernelArch(), type,
        List.of(), properties.of(rootFtype), totalSize(imageFiles), createdAt, scope.expiresAt(),
        imageFiles, deltas(metaKind, rootKind), origin(metaAt, rootAt));
    int kindRank = rootKind == null ? RootKind.values().length : rootKind.ordinal();
    out.add(new ImageCandidate(image, version.serial(), scope.product().id(),
        scope.product().text("arch"), scope.aliasNames(), kindRank, metaKind.rank()));
  }

  /** META then ROOT, or one UNIFIED; empty when any of them is refused. */
  private List<RemoteFile> imageFiles(int meta, int root) {
    if (root == NO_ITEM) {
      RemoteFile unified = files.file(meta, RemoteFile.Role.UNIFIED);
      return unified == null ? List.of() : List.of(unified);
    }
    RemoteFile metaFile = files.file(meta, RemoteFile.Role.META);
    RemoteFile rootFile = files.file(root, RemoteFile.Role.ROOT);
    return metaFile == null || rootFile == null ? List.of() : List.of(metaFile, rootFile);
  }

  /** The product, the version and the items of the image's files (META then ROOT, or the one UNIFIED). */
  private ImageOrigin origin(int meta, int root) {
    List<ItemEntry> items = version.items();
    return new ImageOrigin(scope.product(), version, root == NO_ITEM ? List.of(items.get(meta)) : List.of(items.get(meta), items.get(root)));
  }

  private static long totalSize(List<RemoteFile> imageFiles) {
    long size = 0;
    for (RemoteFile file : imageFiles) {
      size += file.size();
    }
    return size;
  }

  private List<Delta> deltas(MetadataKind metaKind, @Nullable RootKind rootKind) {
    String deltaFtype = rootKind == null ? null : rootKind.deltaFtype();
    if (rootKind == null || deltaFtype == null) {
      return List.of();
    }
    List<Delta> deltas = new ArrayList<>();
    List<ItemEntry> items = version.items();
    for (int at = 0; at < items.size(); at++) {
      ItemEntry item = items.get(at);
      String base = item.deltaBase();
      if (!deltaFtype.equals(item.ftype()) || base == null || base.isEmpty()) {
        continue;
      }
      RemoteFile file = files.file(at, RemoteFile.Role.ROOT);
      if (file != null) {
        deltas.add(new Delta(base, baseFingerprint(metaKind, rootKind, base), file));
      }
    }
    return deltas;
  }

  /** The fingerprint of the same kind of image in the delta's base version, when it is still listed. */
  private @Nullable String baseFingerprint(MetadataKind metaKind, RootKind rootKind, String baseSerial) {
    VersionEntry base = scope.product().versions().get(baseSerial);
    if (base == null) {
      return null;
    }
    for (ItemEntry item : base.items()) {
      if (metaKind.ftype().equals(item.ftype())) {
        String fingerprint = rootKind.fingerprintFrom(item);
        return Fingerprint.isValid(fingerprint) ? fingerprint : null;
      }
    }
    return null;
  }
}

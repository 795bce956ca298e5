package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;

/**
 * The images of one product version, following LXD's {@code ToLXD}: each metadata item
 * ({@link MetadataKind}) with each rootfs item ({@link RootKind}) is a split image whose fingerprint
 * is the metadata item's combined hash for that rootfs; a unified item is an image whose fingerprint is
 * its own sha256. No fingerprint: no image. A fingerprint that is not 64 lowercase hex characters, or
 * an item refused by {@link FileCheck}: no image, and a warning.
 */
final class VersionImages {
  private final ProductScope scope;
  private final FileCheck files;
  private final Warnings warnings;

  VersionImages(ProductScope scope, FileCheck files, Warnings warnings) {
    this.scope = scope;
    this.files = files;
    this.warnings = warnings;
  }

  List<ImageCandidate> build(VersionEntry version, Instant createdAt) {
    VersionFiles checked = new VersionFiles(files, scope.place(version.serial()));
    List<ImageCandidate> out = new ArrayList<>();
    for (ItemEntry meta : version.itemList()) {
      MetadataKind metaKind = MetadataKind.fromFtype(meta.ftype());
      if (metaKind == null) {
        continue;
      }
      if (metaKind.unified()) {
        candidate(new Pair(version, createdAt, metaKind, meta, null, null), checked).ifPresent(out::add);
        continue;
      }
      for (ItemEntry root : version.itemList()) {
        RootKind rootKind = RootKind.fromFtype(root.ftype());
        if (rootKind != null) {
          candidate(new Pair(version, createdAt, metaKind, meta, rootKind, root), checked)
              .ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** A metadata item with its rootfs item (both null for a unified image). */
  private record Pair(VersionEntry version, Instant createdAt, MetadataKind metaKind, ItemEntry meta,
      RootKind rootKind, ItemEntry root) {}

  private Optional<ImageCandidate> candidate(Pair p, VersionFiles checked) {
    ItemPlace place = checked.place();
    String fingerprint = p.rootKind() == null ? p.meta().sha256() : p.rootKind().fingerprintFrom(p.meta());
    if (fingerprint == null) {
      return Optional.empty();
    }
    if (!Fingerprint.isValid(fingerprint)) {
      warnings.add(place.describe(p.meta().key(), null) + " gives a fingerprint that is not 64 lowercase"
          + " hex characters for " + (p.rootKind() == null ? "its unified image" : p.rootKind().ftype())
          + "; image skipped");
      return Optional.empty();
    }
    List<CatalogFile> imageFiles = files(p, checked);
    if (imageFiles.isEmpty()) {
      return Optional.empty();
    }
    long size = totalSize(imageFiles);
    ImageType type = p.rootKind() == null ? ImageType.CONTAINER : p.rootKind().type();
    String rootFtype = p.rootKind() == null ? null : p.rootKind().ftype();
    CatalogImage image = new CatalogImage(Fingerprint.of(fingerprint), scope.kernelArch(), type,
        List.of(), ImageProperties.of(scope.product(), p.version(), rootFtype), size, p.createdAt(),
        scope.expiresAt(), imageFiles, deltas(p, checked));
    int kindRank = p.rootKind() == null ? RootKind.values().length : p.rootKind().ordinal();
    return Optional.of(new ImageCandidate(image, p.version().serial(), scope.product().id(), scope.product().text("arch"),
        scope.aliasNames(), kindRank, p.metaKind().rank()));
  }

  /** META then ROOT, or one UNIFIED; empty when any of them is refused. */
  private static List<CatalogFile> files(Pair p, VersionFiles checked) {
    if (p.root() == null) {
      return checked.file(p.meta(), CatalogFile.Role.UNIFIED).map(List::of).orElse(List.of());
    }
    Optional<CatalogFile> meta = checked.file(p.meta(), CatalogFile.Role.META);
    Optional<CatalogFile> root = checked.file(p.root(), CatalogFile.Role.ROOT);
    if (meta.isEmpty() || root.isEmpty()) {
      return List.of();
    }
    return List.of(meta.get(), root.get());
  }

  private static long totalSize(List<CatalogFile> imageFiles) {
    long size = 0;
    for (CatalogFile file : imageFiles) {
      size += file.size();
    }
    return size;
  }

  private List<Delta> deltas(Pair p, VersionFiles checked) {
    String deltaFtype = p.rootKind() == null ? null : p.rootKind().deltaFtype();
    if (deltaFtype == null) {
      return List.of();
    }
    List<Delta> deltas = new ArrayList<>();
    for (ItemEntry item : p.version().itemList()) {
      String base = item.deltaBase();
      if (!deltaFtype.equals(item.ftype()) || base == null || base.isEmpty()) {
        continue;
      }
      checked.file(item, CatalogFile.Role.ROOT)
          .ifPresent(file -> deltas.add(new Delta(base, baseFingerprint(p, base), file)));
    }
    return deltas;
  }

  /** The fingerprint of the same kind of image in the delta's base version, when it is still listed. */
  private String baseFingerprint(Pair p, String baseSerial) {
    VersionEntry base = scope.product().versions().get(baseSerial);
    if (base == null) {
      return null;
    }
    for (ItemEntry item : base.itemList()) {
      if (p.metaKind().ftype().equals(item.ftype())) {
        String fingerprint = p.rootKind().fingerprintFrom(item);
        return Fingerprint.isValid(fingerprint) ? fingerprint : null;
      }
    }
    return null;
  }
}

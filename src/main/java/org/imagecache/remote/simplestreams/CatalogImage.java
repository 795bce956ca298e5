package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;
import org.imagecache.image.RemoteImage;
import org.jspecify.annotations.Nullable;

/**
 * One image of a simplestreams catalog: the {@link RemoteImage} the rest of the service sees, the
 * deltas from older versions to its rootfs, which only this protocol has, where in the products file
 * it was read from (what a mirror writes it back from), and its {@code twins}: other items of the same
 * version with the very same bytes (Incus's {@code incus.tar.xz} beside an identical {@code lxd.tar.xz}),
 * which make the same image for another client and which a mirror lists too.
 */
public record CatalogImage(RemoteImage image, List<Delta> deltas, ImageOrigin origin, List<ImageOrigin> twins) {

  public CatalogImage {
    Objects.requireNonNull(image, "image");
    deltas = List.copyOf(deltas);
    Objects.requireNonNull(origin, "origin");
    twins = List.copyOf(twins);
    if (origin.items().size() != image.files().size() || twins.stream().anyMatch(t -> t.items().size() != image.files().size())) {
      throw new IllegalArgumentException("an image's origin names one item per file");
    }
  }

  CatalogImage(Fingerprint fingerprint, String architecture, ImageType type, List<String> aliases, Map<String, String> properties,
      long size, Instant createdAt, @Nullable Instant expiresAt, List<RemoteFile> files, List<Delta> deltas, ImageOrigin origin) {
    this(new RemoteImage(fingerprint, architecture, type, aliases, properties, size, createdAt, expiresAt, files), deltas, origin, List.of());
  }

  /** The same image carrying the given aliases (this one when it already carries them). */
  CatalogImage withAliases(List<String> names) {
    RemoteImage renamed = image.withAliases(names);
    return renamed == image ? this : new CatalogImage(renamed, deltas, origin, twins);
  }

  /**
   * The same image with {@code other} as a twin, when {@code other} is read from the same product
   * version and each of its items has the SHA-256 of this image's file in its place; else empty.
   */
  java.util.Optional<CatalogImage> withTwin(CatalogImage other) {
    ImageOrigin o = other.origin();
    if (!o.product().id().equals(origin.product().id()) || !o.version().serial().equals(origin.version().serial())
        || other.image().files().size() != image.files().size()) {
      return java.util.Optional.empty();
    }
    for (int i = 0; i < image.files().size(); i++) {
      if (!other.image().files().get(i).sha256().equals(image.files().get(i).sha256())
          || other.image().files().get(i).size() != image.files().get(i).size()) {
        return java.util.Optional.empty();
      }
    }
    List<ImageOrigin> more = new java.util.ArrayList<>(twins);
    more.add(o);
    return java.util.Optional.of(new CatalogImage(image, deltas, origin, more));
  }

  public Fingerprint fingerprint() {
    return image.fingerprint();
  }

  public String architecture() {
    return image.architecture();
  }

  public ImageType type() {
    return image.type();
  }

  public List<String> aliases() {
    return image.aliases();
  }

  public Map<String, String> properties() {
    return image.properties();
  }

  public long size() {
    return image.size();
  }

  public Instant createdAt() {
    return image.createdAt();
  }

  public @Nullable Instant expiresAt() {
    return image.expiresAt();
  }

  public List<RemoteFile> files() {
    return image.files();
  }

  /** The version serial this image was built from. */
  public @Nullable String serial() {
    return image.serial();
  }
}

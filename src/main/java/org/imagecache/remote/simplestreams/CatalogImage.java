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
 * deltas from older versions to its rootfs, which only this protocol has, and where in the products
 * file it was read from (what a mirror writes it back from).
 */
public record CatalogImage(RemoteImage image, List<Delta> deltas, ImageOrigin origin) {

  public CatalogImage {
    Objects.requireNonNull(image, "image");
    deltas = List.copyOf(deltas);
    Objects.requireNonNull(origin, "origin");
    if (origin.items().size() != image.files().size()) {
      throw new IllegalArgumentException("an image's origin names one item per file");
    }
  }

  CatalogImage(Fingerprint fingerprint, String architecture, ImageType type, List<String> aliases, Map<String, String> properties,
      long size, Instant createdAt, @Nullable Instant expiresAt, List<RemoteFile> files, List<Delta> deltas, ImageOrigin origin) {
    this(new RemoteImage(fingerprint, architecture, type, aliases, properties, size, createdAt, expiresAt, files), deltas, origin);
  }

  /** The same image carrying the given aliases (this one when it already carries them). */
  CatalogImage withAliases(List<String> names) {
    RemoteImage renamed = image.withAliases(names);
    return renamed == image ? this : new CatalogImage(renamed, deltas, origin);
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

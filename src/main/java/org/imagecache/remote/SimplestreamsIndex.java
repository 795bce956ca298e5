package org.imagecache.remote;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteImage;
import org.imagecache.remote.simplestreams.AliasResolution;
import org.imagecache.remote.simplestreams.Catalog;
import org.imagecache.remote.simplestreams.CatalogImage;
import org.imagecache.remote.simplestreams.MirrorStream;
import org.jspecify.annotations.Nullable;

/** A simplestreams catalog as the protocol-neutral {@link ImageIndex} the rest of the service sees. */
public final class SimplestreamsIndex implements ImageIndex {
  private final Catalog catalog;

  SimplestreamsIndex(Catalog catalog) {
    this.catalog = catalog;
  }

  Catalog catalog() {
    return catalog;
  }

  private volatile @Nullable MirrorStream whole;

  /**
   * The catalog as a mirror endpoint: every image when {@code listed} is empty (built once per catalog),
   * else only the images whose fingerprints it holds (built each time: the caller keeps it).
   */
  public MirrorStream mirrorStream(String contentId, Optional<Set<Fingerprint>> listed) {
    if (listed.isPresent()) {
      Set<Fingerprint> only = listed.get();
      return MirrorStream.of(catalog, contentId, image -> only.contains(image.fingerprint()));
    }
    MirrorStream stream = whole;
    if (stream == null || !stream.contentId().equals(contentId)) {
      stream = MirrorStream.of(catalog, contentId, image -> true);
      whole = stream;
    }
    return stream;
  }

  @Override
  public List<RemoteImage> images() {
    return catalog.images().stream().map(CatalogImage::image).toList();
  }

  @Override
  public Optional<RemoteImage> find(Fingerprint fingerprint) {
    return catalog.find(fingerprint).map(CatalogImage::image);
  }

  @Override
  public Optional<RemoteImage> findByPrefix(String prefix) {
    return catalog.findByPrefix(prefix).map(CatalogImage::image);
  }

  @Override
  public Optional<RemoteImage> resolve(String alias, String architecture, ImageType type) {
    return AliasResolution.resolve(catalog, alias, architecture, type).map(CatalogImage::image);
  }

  @Override
  public String suggestionFor(String alias, String architecture, ImageType type) {
    return AliasResolution.elsewhere(catalog, alias, architecture, type);
  }

  @Override
  public int imageCount() {
    return catalog.counts().images();
  }

  @Override
  public int aliasCount() {
    return catalog.counts().aliases();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SimplestreamsIndex o && o.catalog.equals(catalog);
  }

  @Override
  public int hashCode() {
    return catalog.hashCode();
  }

  @Override
  public String toString() {
    return catalog.toString();
  }
}

package org.imagecache.testing;

import java.time.Instant;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;

/**
 * Fixture builder for {@link LocalImage}:
 * {@code Images.image().project("default").fingerprint(fp("ab")).cached().build()}.
 */
public final class Images {
  /** When a built image was downloaded, unless set. */
  public static final Instant UPLOADED = Instant.parse("2025-01-01T00:00:00Z");

  private String project = "default";
  private Fingerprint fingerprint = Fingerprints.fp("aa");
  private String filename = "incus.tar.xz";
  private long size = 1024;
  private String architecture = "x86_64";
  private ImageType type = ImageType.CONTAINER;
  private boolean unified;
  private boolean cached;
  private boolean autoUpdate;
  private boolean pinned;
  private Instant createdAt;
  private Instant uploadedAt = UPLOADED;
  private Instant lastUsedAt;
  private Instant nextUpdateAt;

  private Images() {}

  /** A split container image of project "default", x86_64, not cached. */
  public static Images image() {
    return new Images();
  }

  /** A cached image with auto-update on. */
  public static Images cachedImage() {
    return new Images().cached().autoUpdate(true);
  }

  public Images project(String value) {
    project = value;
    return this;
  }

  public Images fingerprint(Fingerprint value) {
    fingerprint = value;
    return this;
  }

  public Images fingerprint(String stem) {
    return fingerprint(Fingerprints.fp(stem));
  }

  public Images filename(String value) {
    filename = value;
    return this;
  }

  public Images size(long value) {
    size = value;
    return this;
  }

  public Images arch(String value) {
    architecture = value;
    return this;
  }

  public Images type(ImageType value) {
    type = value;
    return this;
  }

  public Images unified() {
    unified = true;
    return this;
  }

  public Images cached() {
    cached = true;
    return this;
  }

  public Images autoUpdate(boolean value) {
    autoUpdate = value;
    return this;
  }

  public Images pinned() {
    pinned = true;
    return this;
  }

  public Images createdAt(Instant value) {
    createdAt = value;
    return this;
  }

  public Images uploadedAt(Instant value) {
    uploadedAt = value;
    return this;
  }

  public Images lastUsedAt(Instant value) {
    lastUsedAt = value;
    return this;
  }

  public Images nextUpdateAt(Instant value) {
    nextUpdateAt = value;
    return this;
  }

  public LocalImage build() {
    return new LocalImage(0, project, fingerprint, filename, size, architecture, type, unified, cached, autoUpdate,
        pinned, createdAt, uploadedAt, lastUsedAt, nextUpdateAt);
  }
}

package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;

/**
 * One image a remote offers, as LXD would list it.
 *
 * @param fingerprint the combined SHA-256 of its files
 * @param architecture the kernel name ({@code x86_64}), not the catalog's ({@code amd64})
 * @param type container or virtual machine
 * @param aliases the alias names that resolve to it, in LXD's listing order (plain name, then
 *     {@code name/<arch>}, for each product alias)
 * @param properties os, release, release_title, version, variant, serial, architecture (as the
 *     product writes it), type (the rootfs ftype, or {@code tar.gz} for a unified image), label,
 *     description, and {@code requirements.*}; empty values are left out
 * @param size the sum of its files' sizes
 * @param createdAt midnight UTC of the date that begins the version serial
 * @param expiresAt midnight UTC of the product's {@code support_eol}, or {@code null}
 * @param files the files to download: META then ROOT, or one UNIFIED
 * @param deltas deltas from older versions to this image's rootfs
 */
public record CatalogImage(
    Fingerprint fingerprint,
    String architecture,
    ImageType type,
    List<String> aliases,
    Map<String, String> properties,
    long size,
    Instant createdAt,
    Instant expiresAt,
    List<CatalogFile> files,
    List<Delta> deltas) {

  public CatalogImage {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
    aliases = List.copyOf(aliases);
    properties = Map.copyOf(properties);
    files = List.copyOf(files);
    deltas = List.copyOf(deltas);
  }

  /** The same image carrying the given aliases (this one when it already carries them). */
  CatalogImage withAliases(List<String> names) {
    if (names.equals(aliases)) {
      return this;
    }
    return new CatalogImage(fingerprint, architecture, type, names, properties, size, createdAt,
        expiresAt, files, deltas);
  }

  /** The version serial this image was built from. */
  public String serial() {
    return properties.get("serial");
  }
}

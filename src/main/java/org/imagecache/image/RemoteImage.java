package org.imagecache.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One image a remote offers, as LXD would list it, whatever the remote's protocol.
 *
 * @param fingerprint the combined SHA-256 of its files
 * @param architecture the kernel name ({@code x86_64}), not the remote's ({@code amd64})
 * @param type container or virtual machine
 * @param aliases the alias names that resolve to it, in LXD's listing order (plain name, then
 *     {@code name/<arch>}, for each product alias)
 * @param properties os, release, release_title, version, variant, serial, architecture (as the
 *     remote writes it), type (the rootfs ftype, or {@code tar.gz} for a unified image), label,
 *     description, and {@code requirements.*}; empty values are left out
 * @param size the sum of its files' sizes
 * @param createdAt when the publisher built it
 * @param expiresAt when its support ends, or {@code null}
 * @param files the files to download: META then ROOT, or one UNIFIED
 */
public record RemoteImage(
    Fingerprint fingerprint,
    String architecture,
    ImageType type,
    List<String> aliases,
    Map<String, String> properties,
    long size,
    Instant createdAt,
    @Nullable Instant expiresAt,
    List<RemoteFile> files) {

  public RemoteImage {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "createdAt");
    aliases = List.copyOf(aliases);
    properties = Map.copyOf(properties);
    files = List.copyOf(files);
  }

  /** The same image carrying the given aliases (this one when it already carries them). */
  public RemoteImage withAliases(List<String> names) {
    return names.equals(aliases) ? this
        : new RemoteImage(fingerprint, architecture, type, names, properties, size, createdAt, expiresAt, files);
  }

  /** The version serial this image was built from. */
  public @Nullable String serial() {
    return properties.get("serial");
  }

  /** How its files lie in the store once downloaded. */
  public FileLayout layout() {
    return FileLayout.of(type, files.size());
  }
}

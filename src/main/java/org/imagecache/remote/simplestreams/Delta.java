package org.imagecache.remote.simplestreams;

import java.util.Objects;
import org.imagecache.image.RemoteFile;
import org.jspecify.annotations.Nullable;

/**
 * A {@code .vcdiff} delta that turns the rootfs of an older version of the same product into this
 * image's rootfs. {@code baseSerial} is the version it applies to ({@code delta_base});
 * {@code baseFingerprint} is that version's image fingerprint when the catalog still lists it, else
 * {@code null}. The file's role is {@link RemoteFile.Role#ROOT}.
 */
public record Delta(String baseSerial, @Nullable String baseFingerprint, RemoteFile file) {
  public Delta {
    Objects.requireNonNull(baseSerial, "baseSerial");
    Objects.requireNonNull(file, "file");
  }
}

package org.imagecache.resolve;

import java.util.Objects;
import java.util.Optional;
import org.imagecache.image.ImageType;
import org.jspecify.annotations.Nullable;

/**
 * A validated launch lookup (or the source of an explicit pull).
 *
 * @param remote the configured remote's name, or null to resolve locally only
 * @param image the alias or fingerprint prefix to resolve
 * @param architecture kernel name
 * @param instance an instance to hold a lease for until it is deleted, or null
 * @param waiting whether the caller waits for a download, or gets an operation at once
 */
public record LookupRequest(
    String project,
    @Nullable String remote,
    ImageRef image,
    String architecture,
    ImageType type,
    @Nullable String instance,
    Provisioner.Waiting waiting) {

  public LookupRequest {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(waiting, "waiting");
  }

  /** The alias asked for, when the lookup names one. */
  public Optional<ImageRef.Alias> alias() {
    return image instanceof ImageRef.Alias a ? Optional.of(a) : Optional.empty();
  }

  /** Whether it resolves through a remote (false: in the project's own images only). */
  public boolean throughRemote() {
    return remote != null;
  }

  /** What the lookup named, for messages. */
  public String ref() {
    return (remote == null ? "" : remote + ":") + image.text();
  }
}

package org.imagecache.remote;

import java.util.List;
import java.util.Optional;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteImage;

/**
 * What a remote offers, whatever its protocol: its images, found by fingerprint or prefix, and the one
 * an alias names for an architecture and type. A view of one catalog as fetched; no I/O.
 */
public interface ImageIndex {
  /** Every image, in the remote's listing order. */
  List<RemoteImage> images();

  /** The image with this fingerprint, if the remote has it. */
  Optional<RemoteImage> find(Fingerprint fingerprint);

  /**
   * The one image whose fingerprint begins with the prefix.
   *
   * @throws org.imagecache.failure.AmbiguousReferenceException (reason {@code ambiguous_fingerprint})
   *     when it matches more than one image
   */
  Optional<RemoteImage> findByPrefix(String prefix);

  /**
   * The image the alias names for the architecture and type, as a launch and an auto-update resolve
   * it (for an architecture that is not the host's, also {@code alias/<arch>}).
   *
   * @throws org.imagecache.failure.AmbiguousReferenceException (reason {@code ambiguous_alias}) when
   *     several images claim it
   */
  Optional<RemoteImage> resolve(String alias, String architecture, ImageType type);

  /**
   * What a lookup of the alias that found nothing might have meant (the other image type, other
   * architectures), as a suffix for its message ({@code "; ..."}), or empty.
   */
  String suggestionFor(String alias, String architecture, ImageType type);

  /** How many images and aliases it lists. */
  int imageCount();

  int aliasCount();
}

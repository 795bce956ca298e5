package org.imagecache.resolve;

import java.util.Objects;
import java.util.Optional;
import org.imagecache.image.Fingerprint;

/** What a lookup names: an alias, or a fingerprint prefix. */
public sealed interface ImageRef permits ImageRef.Alias, ImageRef.FingerprintPrefix {

  /** The name or prefix as the request gave it (checked by the API before). */
  String text();

  /** An alias: the remote's, or the project's own for a local lookup. */
  record Alias(String name) implements ImageRef {
    public Alias {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String text() {
      return name;
    }
  }

  /** A fingerprint or the start of one (lowercase hex). */
  record FingerprintPrefix(String prefix) implements ImageRef {
    public FingerprintPrefix {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty() || prefix.length() > 64 || !prefix.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("not a fingerprint prefix: " + prefix);
      }
    }

    @Override
    public String text() {
      return prefix;
    }

    /** The fingerprint, when the prefix is all of one. */
    public Optional<Fingerprint> whole() {
      return Fingerprint.isValid(prefix) ? Optional.of(Fingerprint.of(prefix)) : Optional.empty();
    }
  }
}

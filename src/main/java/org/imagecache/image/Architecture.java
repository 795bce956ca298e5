package org.imagecache.image;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Architectures by their kernel names, as LXD shows them ({@code x86_64}, {@code aarch64}). Catalogs
 * use Debian names ({@code amd64}); {@link #fromCatalogName} maps them.
 */
public final class Architecture {
  private static final Map<String, String> DEBIAN_TO_KERNEL = Map.of(
      "amd64", "x86_64",
      "arm64", "aarch64",
      "armhf", "armv7l",
      "i386", "i686",
      "ppc64el", "ppc64le",
      "s390x", "s390x",
      "riscv64", "riscv64");

  /** Kernel names we know; a request naming another is refused. */
  public static final Set<String> KERNEL_NAMES = Set.copyOf(DEBIAN_TO_KERNEL.values());

  private Architecture() {}

  /** Maps a catalog's architecture (Debian or kernel name) to the kernel name; empty when unknown. */
  public static Optional<String> fromCatalogName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String kernel = DEBIAN_TO_KERNEL.get(name);
    if (kernel != null) {
      return Optional.of(kernel);
    }
    return KERNEL_NAMES.contains(name) ? Optional.of(name) : Optional.empty();
  }

  /** The Debian name catalogs use for a kernel name ({@code x86_64} -> {@code amd64}). */
  public static Optional<String> debianName(String kernelName) {
    return DEBIAN_TO_KERNEL.entrySet().stream().filter(e -> e.getValue().equals(kernelName)).map(Map.Entry::getKey).findFirst();
  }

  /** Validates a kernel name given by a caller. */
  public static String check(String kernelName) {
    if (kernelName == null || !KERNEL_NAMES.contains(kernelName)) {
      throw new InvalidInputException("invalid_architecture",
          "Unknown architecture '" + ImageCacheException.clip(kernelName) + "' (one of " + String.join(", ", KERNEL_NAMES.stream().sorted().toList()) + ")");
    }
    return kernelName;
  }

  /** The host's architecture as a kernel name, from the JVM's os.arch. */
  public static String host() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      case "arm" -> "armv7l";
      case "x86", "i386", "i686" -> "i686";
      case "ppc64le" -> "ppc64le";
      case "s390x" -> "s390x";
      case "riscv64" -> "riscv64";
      default -> arch;
    };
  }
}

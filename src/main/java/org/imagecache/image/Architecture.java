package org.imagecache.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Architectures by their kernel names, as LXD shows them ({@code x86_64}, {@code aarch64}), with LXD's
 * whole table of the other names a catalog may use for each ({@code shared/osarch} in LXD's code:
 * {@code amd64}, {@code armhf}, {@code ppc64el}, ...). {@link #fromCatalogName} maps a catalog's name
 * to the kernel name, {@link #catalogNames} goes the other way.
 */
public final class Architecture {
  /** Kernel name to the other names of the same architecture, in LXD's order. */
  private static final Map<String, List<String>> TABLE = table();

  /** Any name (kernel name or alias) to the kernel name. */
  private static final Map<String, String> BY_NAME = byName();

  /** Kernel names we know; a request naming another is refused. */
  public static final Set<String> KERNEL_NAMES = Set.copyOf(TABLE.keySet());

  private Architecture() {}

  private static Map<String, List<String>> table() {
    Map<String, List<String>> t = new LinkedHashMap<>();
    t.put("i686", List.of("i386", "i586", "386", "x86", "generic_32"));
    t.put("x86_64", List.of("amd64", "generic_64"));
    t.put("armv6l", List.of("armel", "arm"));
    t.put("armv7l", List.of("armhf", "armhfp", "armv7a_hardfp", "armv7", "armv7a_vfpv3_hardfp"));
    t.put("armv8l", List.of());
    t.put("aarch64", List.of("arm64", "arm64_generic"));
    t.put("ppc", List.of("powerpc"));
    t.put("ppc64", List.of("powerpc64"));
    t.put("ppc64le", List.of("ppc64el"));
    t.put("s390x", List.of());
    t.put("mips", List.of("mipsel", "mipsle"));
    t.put("mips64", List.of("mips64el", "mips64le"));
    t.put("riscv32", List.of());
    t.put("riscv64", List.of());
    t.put("loongarch64", List.of("loong64"));
    return t;
  }

  private static Map<String, String> byName() {
    Map<String, String> names = new LinkedHashMap<>();
    TABLE.forEach((kernel, aliases) -> {
      names.put(kernel, kernel);
      aliases.forEach(alias -> names.put(alias, kernel));
    });
    return names;
  }

  /** Maps a catalog's architecture (any name in LXD's table) to the kernel name; empty when unknown. */
  public static Optional<String> fromCatalogName(@Nullable String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The names a catalog may give this kernel architecture besides the kernel name itself, in LXD's
   * order ({@code x86_64} -> {@code amd64}, {@code generic_64}); empty for an unknown name.
   */
  public static List<String> catalogNames(String kernelName) {
    return TABLE.getOrDefault(kernelName, List.of());
  }

  /** Validates a kernel name given by a caller. */
  public static String check(String kernelName) {
    if (kernelName == null || !KERNEL_NAMES.contains(kernelName)) {
      throw new InvalidInputException("invalid_architecture",
          "Unknown architecture '" + ImageCacheException.clip(kernelName) + "' (one of " + String.join(", ", TABLE.keySet()) + ")");
    }
    return kernelName;
  }

  /** The host's architecture as a kernel name, from the JVM's os.arch. */
  public static String host() {
    return hostFrom(System.getProperty("os.arch", ""));
  }

  /**
   * A JVM {@code os.arch} value as a kernel name. The JVM says {@code arm} for every 32-bit ARM
   * build, where LXD's table would say armv6l; the JVMs that run there are armhf (armv7l) builds.
   */
  static String hostFrom(String osArch) {
    String arch = osArch.toLowerCase(Locale.ROOT);
    if (arch.equals("arm")) {
      return "armv7l";
    }
    return fromCatalogName(arch).orElse(arch);
  }
}

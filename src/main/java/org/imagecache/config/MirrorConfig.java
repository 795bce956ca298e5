package org.imagecache.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code mirror.*}: where the simplestreams mirror listens (empty: it is off), whether it fetches what
 * it does not hold, which remotes it serves (empty: all), and its TLS.
 */
public record MirrorConfig(Optional<ImageCacheConfig.Listen> listen, Mode mode, List<String> remotes, Tls tls) {
  public MirrorConfig {
    remotes = List.copyOf(remotes);
  }

  /** What the mirror does for a file it does not hold. */
  public enum Mode {
    /** Downloads it (once, however many want it) and sends it as it arrives. */
    PULL_THROUGH,
    /** Lists and serves only what is held; never fetches for a mirror client. */
    CACHED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<Mode> of(String text) {
      return byWireName(values(), Mode::wireName, text);
    }
  }

  /**
   * The certificate: the operator's own ({@code cert} and {@code key}), or one signed by the private CA
   * the service keeps, for the listen address, localhost, the host name and {@code names}; and an
   * optional CA whose client certificates alone are let in.
   */
  public record Tls(Optional<Path> cert, Optional<Path> key, List<String> names, Optional<Path> clientCa, Engine engine) {
    public Tls {
      names = List.copyOf(names);
    }
  }

  /** Which TLS implementation the mirror's listener runs. */
  public enum Engine {
    /** BoringSSL through netty-tcnative (bundled for linux x86_64 and aarch64). */
    OPENSSL,
    /** The JVM's own. */
    JDK;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Engine> of(String text) {
      return byWireName(values(), Engine::wireName, text);
    }
  }

  /** The constant whose wire name the text is (trimmed, any case). */
  private static <E> Optional<E> byWireName(E[] values, java.util.function.Function<E, String> wireName, String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return java.util.Arrays.stream(values).filter(v -> wireName.apply(v).equals(wanted)).findFirst();
  }

  public boolean enabled() {
    return listen.isPresent();
  }

  /** Whether the mirror serves the remote of this name. */
  public boolean serves(String remote) {
    return remotes.isEmpty() || remotes.contains(remote);
  }
}

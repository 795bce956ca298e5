package org.imagecache.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.imagecache.config.ConfigException;
import org.imagecache.config.ConfigLoader;
import org.imagecache.config.ImageCacheConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a client command finds the running service: {@code --endpoint}, else {@code IMAGECACHE_ENDPOINT},
 * else the configured listen address; and the token: {@code --token-file}, else {@code IMAGECACHE_TOKEN},
 * else {@code <data_dir>/admin.token}. A flag always wins over the environment. The configuration read
 * for those defaults is the system's ({@code /etc/imagecache/imagecache.yaml}, or {@code $IMAGECACHE_SYSTEM_CONFIG},
 * when it exists), then the user's ({@code --config}, else {@code ~/.config/imagecache/imagecache.yaml} when it
 * exists) over it, then {@code IMAGECACHE_*} over both.
 */
public final class ClientOptions {
  @Option(names = "--endpoint", paramLabel = "URL",
      description = "The service's URL (default: $IMAGECACHE_ENDPOINT, else http://<listen> from the configuration; this flag wins).")
  URI endpoint;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the admin token (default: $IMAGECACHE_TOKEN, else <data_dir>/admin.token; this flag wins).")
  Path tokenFile;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file read (over /etc/imagecache/imagecache.yaml when that exists) for the defaults of --endpoint and --token-file."
          + " Default: ~/.config/imagecache/imagecache.yaml when it exists, else none.")
  Path config;

  /** A client for the running service. */
  public ApiClient client() {
    String envToken = env("IMAGECACHE_TOKEN");
    URI chosen = endpoint != null ? endpoint : envEndpoint();
    ImageCacheConfig cfg = chosen == null || (tokenFile == null && envToken == null) ? loadConfig() : null;
    URI base = chosen != null ? chosen : URI.create("http://" + loaded(cfg).listen());
    return new ApiClient(base, token(cfg, envToken), tokenSource(cfg, envToken));
  }

  /** Where {@link #token} reads the token, in words. */
  private String tokenSource(@Nullable ImageCacheConfig cfg, @Nullable String envToken) {
    if (tokenFile != null) {
      return "--token-file " + tokenFile;
    }
    return envToken != null ? "$IMAGECACHE_TOKEN" : "the token file " + loaded(cfg).tokenFile() + " (data_dir of the configuration; --token-file or $IMAGECACHE_TOKEN override it)";
  }

  /** {@code IMAGECACHE_ENDPOINT} as a URL; null when unset or blank. */
  private static @Nullable URI envEndpoint() {
    String v = env("IMAGECACHE_ENDPOINT");
    if (v == null) {
      return null;
    }
    try {
      URI u = new URI(v);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new CliException("IMAGECACHE_ENDPOINT '" + v + "' is not a URL such as http://127.0.0.1:8470");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw new CliException("IMAGECACHE_ENDPOINT '" + v + "' is not a URL: " + e.getReason());
    }
  }

  /** An environment variable, trimmed; null when unset or blank. */
  private static @Nullable String env(String name) {
    String env = System.getenv(name);
    return env == null || env.isBlank() ? null : env.trim();
  }

  private String token(@Nullable ImageCacheConfig cfg, @Nullable String envToken) {
    if (tokenFile == null && envToken != null) {
      return envToken;
    }
    Path file = tokenFile != null ? tokenFile : loaded(cfg).tokenFile();
    try {
      return Files.readString(file).trim();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CliException("no token file " + file + " (the service creates it at first start; or pass --token-file or set IMAGECACHE_TOKEN)");
    } catch (java.io.IOException e) {
      throw new CliException("cannot read token file " + file + ": " + e.getMessage());
    }
  }

  private ImageCacheConfig loadConfig() {
    try {
      return ConfigLoader.loadLayered(ConfigFiles.forClient(config, System.getenv()), System.getenv(), List.of());
    } catch (ConfigException e) {
      throw new CliException(Objects.requireNonNull(e.getMessage(), "a ConfigException's message"));
    }
  }

  /** The configuration {@link #client} read: it reads it whenever the endpoint or the token file comes from it. */
  private static ImageCacheConfig loaded(@Nullable ImageCacheConfig cfg) {
    return Objects.requireNonNull(cfg, "the configuration was not read");
  }
}

package org.imagecache.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imagecache.config.ConfigException;
import org.imagecache.config.ConfigLoader;
import org.imagecache.config.ImageCacheConfig;
import picocli.CommandLine.Option;

/**
 * How a client command finds the running service: {@code --endpoint} (default: the configured listen
 * address) and the token: {@code --token-file}, else {@code IMAGECACHE_TOKEN}, else
 * {@code <data_dir>/admin.token}.
 */
public final class ClientOptions {
  @Option(names = "--endpoint", paramLabel = "URL", description = "The service's URL (default: http://<listen> from the configuration).")
  URI endpoint;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token (default: <data_dir>/admin.token, or $IMAGECACHE_TOKEN).")
  Path tokenFile;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file the service runs with (for the defaults of the two above).")
  Path config;

  /** A client for the running service. */
  public ApiClient client() {
    String envToken = envToken();
    ImageCacheConfig cfg = endpoint == null || (tokenFile == null && envToken == null) ? loadConfig() : null;
    URI base = endpoint != null ? endpoint : URI.create("http://" + cfg.listen());
    return new ApiClient(base, token(cfg, envToken));
  }

  /** {@code IMAGECACHE_TOKEN}, trimmed; null when unset or blank. */
  private static String envToken() {
    String env = System.getenv("IMAGECACHE_TOKEN");
    return env == null || env.isBlank() ? null : env.trim();
  }

  private String token(ImageCacheConfig cfg, String envToken) {
    if (tokenFile == null && envToken != null) {
      return envToken;
    }
    Path file = tokenFile != null ? tokenFile : cfg.tokenFile();
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
      return ConfigLoader.load(config, System.getenv(), List.of());
    } catch (ConfigException e) {
      throw new CliException(e.getMessage());
    }
  }
}

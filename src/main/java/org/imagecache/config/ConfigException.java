package org.imagecache.config;

import org.jspecify.annotations.Nullable;

/** A configuration problem; the message is one line that names the key and what is wrong. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public static ConfigException invalid(String key, @Nullable String value, String problem) {
    return new ConfigException("Invalid value for " + key + ": '" + value + "' " + problem);
  }
}

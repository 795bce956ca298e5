package org.imagecache.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * LXD's three server keys, with LXD's names, units and meaning. They may change while the service
 * runs, so components read them through a supplier at each decision rather than keeping a copy.
 *
 * @param autoUpdateCached new cached images get auto_update on ({@code images.auto_update_cached})
 * @param autoUpdateIntervalHours hours between source checks; 0 turns off auto-update and
 *     prefer-cached ({@code images.auto_update_interval})
 * @param remoteCacheExpiryDays days an unused cached image is kept; 0 = never
 *     ({@code images.remote_cache_expiry})
 */
public record ImagesSettings(
    boolean autoUpdateCached, int autoUpdateIntervalHours, int remoteCacheExpiryDays) {

  public static final String AUTO_UPDATE_CACHED = "images.auto_update_cached";
  public static final String AUTO_UPDATE_INTERVAL = "images.auto_update_interval";
  public static final String REMOTE_CACHE_EXPIRY = "images.remote_cache_expiry";
  public static final List<String> KEYS = List.of(AUTO_UPDATE_CACHED, AUTO_UPDATE_INTERVAL, REMOTE_CACHE_EXPIRY);

  /** Upper bound for the two whole-number keys: about 100 years in hours; anything above is a typo. */
  private static final int MAX = 876_000;

  /**
   * The three keys read from one source of values (the merged configuration, whose first layer is
   * conf/imagecache.yaml: the one place their defaults are written).
   *
   * @throws ConfigException naming the key when a value is missing or invalid
   */
  public static ImagesSettings of(java.util.function.Function<String, String> values) {
    return new ImagesSettings(parseBoolean(AUTO_UPDATE_CACHED, present(AUTO_UPDATE_CACHED, values)),
        parseCount(AUTO_UPDATE_INTERVAL, present(AUTO_UPDATE_INTERVAL, values)),
        parseCount(REMOTE_CACHE_EXPIRY, present(REMOTE_CACHE_EXPIRY, values)));
  }

  private static String present(String key, java.util.function.Function<String, String> values) {
    String v = values.apply(key);
    if (v == null) {
      throw new ConfigException("Missing value for " + key);
    }
    return v;
  }

  public static boolean isKey(String key) {
    return KEYS.contains(key);
  }

  /**
   * A copy with one key changed.
   *
   * @throws ConfigException naming the key when it is unknown or the value is invalid
   */
  public ImagesSettings with(String key, @Nullable String value) {
    return switch (key) {
      case AUTO_UPDATE_CACHED -> new ImagesSettings(parseBoolean(key, value), autoUpdateIntervalHours, remoteCacheExpiryDays);
      case AUTO_UPDATE_INTERVAL -> new ImagesSettings(autoUpdateCached, parseCount(key, value), remoteCacheExpiryDays);
      case REMOTE_CACHE_EXPIRY -> new ImagesSettings(autoUpdateCached, autoUpdateIntervalHours, parseCount(key, value));
      default -> throw new ConfigException("Unknown configuration key " + key + " (runtime keys: " + String.join(", ", KEYS) + ")");
    };
  }

  /** The keys and their values as strings, as LXD shows server config. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(AUTO_UPDATE_CACHED, Boolean.toString(autoUpdateCached));
    m.put(AUTO_UPDATE_INTERVAL, Integer.toString(autoUpdateIntervalHours));
    m.put(REMOTE_CACHE_EXPIRY, Integer.toString(remoteCacheExpiryDays));
    return m;
  }

  static boolean parseBoolean(String key, @Nullable String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw ConfigException.invalid(key, value, "is not a boolean (true or false)");
    };
  }

  static int parseCount(String key, @Nullable String value) {
    long n;
    String digits = value == null ? "" : value.trim();
    if (!digits.matches("-?[0-9]{1,18}")) {
      // Long.parseLong would take other scripts' digits too (a fullwidth "６")
      throw ConfigException.invalid(key, value, "is not a whole number");
    }
    n = Long.parseLong(digits);
    if (n < 0 || n > MAX) {
      throw ConfigException.invalid(key, value, "must be between 0 and " + MAX);
    }
    return (int) n;
  }
}

package org.imagecache.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds the configuration from, in rising order: the built-in defaults (conf/imagecache.yaml, shipped
 * in the jar), the file given by {@code --config}, {@code IMAGECACHE_*} environment variables and
 * {@code --set key=value} flags. Every layer is flattened to dotted keys with string values, checked
 * against the known keys, merged, and then bound to typed records by {@link ConfigBinder}.
 *
 * <p>Failure: any unknown key, unreadable file or invalid value throws {@link ConfigException} with one
 * line that names the key (and the layer it came from).
 */
public final class ConfigLoader {
  static final String DEFAULTS_RESOURCE = "/org/imagecache/config/imagecache.yaml";
  /** Environment variables of the CLI and the launcher, not configuration keys. */
  private static final Set<String> CLIENT_ENV = Set.of("IMAGECACHE_TOKEN", "IMAGECACHE_ENDPOINT", "IMAGECACHE_SYSTEM_CONFIG", "IMAGECACHE_JAR", "IMAGECACHE_JAVA_OPTS",
      "IMAGECACHE_TEST_CLOCK");
  private static final String ENV_PREFIX = "IMAGECACHE_";
  static final List<String> REMOTE_FIELDS = List.of(
      "url", "protocol", "catalog_ttl", "catalog_stale_while_revalidate", "certificate", "connect_timeout", "idle_timeout", "min_transfer_rate", "rate_window", "max_catalog_size", "max_catalog_total", "demo",
      "catalog_cache", "allow_redirects_to", "mirrors", "mirror_connect_timeout", "mirror_header_timeout", "mirror_stall_timeout",
      "mirror_skip_after_failure");
  /** The same, longest first: an environment name ends with a field's name, and MIRROR_CONNECT_TIMEOUT ends with CONNECT_TIMEOUT. */
  private static final List<String> REMOTE_FIELDS_LONGEST_FIRST = REMOTE_FIELDS.stream()
      .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
  /** Keys whose value is a list: a YAML list, or comma-separated in the environment and --set. */
  static final Set<String> LIST_FIELDS = Set.of("allow_redirects_to", "remotes", "names", "mirrors");
  private static final Pattern REMOTE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  /** A key given twice in one file is refused (which of the two was meant is a guess). */
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Map<String, String> values;
  private final Set<String> staticKeys;

  private ConfigLoader(Map<String, String> defaults) {
    this.values = new LinkedHashMap<>(defaults);
    this.staticKeys = new TreeSet<>();
    defaults.keySet().stream().filter(k -> !k.startsWith("remotes.")).forEach(staticKeys::add);
  }

  /**
   * Loads and validates.
   *
   * @param file the {@code --config} file, or null
   * @param env the process environment (only {@code IMAGECACHE_*} names are read)
   * @param sets {@code key=value} strings from {@code --set}
   */
  public static ImageCacheConfig load(Path file, Map<String, String> env, List<String> sets) {
    return loadLayered(file == null ? List.of() : List.of(file), env, sets);
  }

  /** As {@link #load(Path, Map, List)} with several files, each over the one before it. */
  public static ImageCacheConfig loadLayered(List<Path> files, Map<String, String> env, List<String> sets) {
    ConfigLoader loader = new ConfigLoader(defaults());
    for (Path file : files) {
      loader.merge(flatten(readFile(file)), "config file " + file);
    }
    loader.merge(fromEnvironment(env, loader), "environment");
    loader.merge(fromSets(sets), "--set");
    return ConfigBinder.bind(loader.values);
  }

  /** The built-in defaults as dotted keys. */
  public static Map<String, String> defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in configuration " + DEFAULTS_RESOURCE + " is missing from the jar");
      }
      return flatten(YAML.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("built-in configuration is unreadable", e);
    }
  }

  private static JsonNode readFile(Path file) {
    try {
      JsonNode node = YAML.readTree(Files.readAllBytes(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("Config file " + file + " must hold a mapping of keys, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      return node;
    } catch (NoSuchFileException e) {
      throw new ConfigException("Cannot read config file " + file + ": no such file");
    } catch (JacksonException e) {
      throw new ConfigException("Config file " + file + " is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
    }
  }

  static Map<String, String> flatten(JsonNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    flattenInto(out, "", root);
    return out;
  }

  private static void flattenInto(Map<String, String> out, String prefix, JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flattenInto(out, prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue());
      }
    } else if (node.isArray() && LIST_FIELDS.contains(prefix.substring(prefix.lastIndexOf('.') + 1))) {
      out.put(prefix, listValue(prefix, node));
    } else if (node.isArray()) {
      throw new ConfigException("Invalid value for " + prefix + ": a list is not allowed here");
    } else {
      out.put(prefix, node.isNull() ? null : node.asText());
    }
  }

  /**
   * A YAML list of plain values, as the comma-separated value the environment and {@code --set} give
   * (the key then decides whether a list is allowed). An item with a comma, or a nested one, is refused.
   */
  private static String listValue(String key, JsonNode list) {
    List<String> items = new java.util.ArrayList<>();
    for (JsonNode item : list) {
      if (!item.isValueNode() || item.isNull() || item.asText().contains(",")) {
        throw new ConfigException("Invalid value for " + key + ": a list may hold only plain values without commas");
      }
      items.add(item.asText());
    }
    return String.join(",", items);
  }

  private static Map<String, String> fromEnvironment(Map<String, String> env, ConfigLoader loader) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX) || CLIENT_ENV.contains(name)) {
        continue;
      }
      out.put(loader.keyForEnvironment(name), e.getValue());
    }
    return out;
  }

  private String keyForEnvironment(String envName) {
    for (String key : staticKeys) {
      if (envName(key).equals(envName)) {
        return key;
      }
    }
    String remotesPrefix = ENV_PREFIX + "REMOTES_";
    if (envName.startsWith(remotesPrefix)) {
      for (String field : REMOTE_FIELDS_LONGEST_FIRST) {
        String suffix = "_" + field.toUpperCase(Locale.ROOT);
        if (envName.endsWith(suffix) && envName.length() > remotesPrefix.length() + suffix.length()) {
          String envRemote = envName.substring(remotesPrefix.length(), envName.length() - suffix.length());
          return "remotes." + remoteNameForEnvironment(envRemote) + "." + field;
        }
      }
    }
    throw new ConfigException("Unknown configuration key in environment variable " + envName);
  }

  private String remoteNameForEnvironment(String envRemote) {
    return values.keySet().stream()
        .filter(k -> k.startsWith("remotes."))
        .map(k -> k.split("\\.")[1])
        .filter(name -> normalize(name).equals(envRemote))
        .findFirst()
        .orElse(envRemote.toLowerCase(Locale.ROOT));
  }

  /** The environment variable for a dotted key: IMAGECACHE_ and the key upper-cased, dots and dashes to underscores. */
  public static String envName(String key) {
    return ENV_PREFIX + normalize(key);
  }

  private static String normalize(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> fromSets(List<String> sets) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Invalid --set '" + s + "': expected key=value");
      }
      out.put(s.substring(0, eq).trim(), s.substring(eq + 1));
    }
    return out;
  }

  private void merge(Map<String, String> layer, String source) {
    for (Map.Entry<String, String> e : layer.entrySet()) {
      String key = e.getKey();
      if (key.equals("remotes") && e.getValue() == null) {
        values.keySet().removeIf(k -> k.startsWith("remotes."));
      } else if (isRemoteRemoval(key, e.getValue())) {
        values.keySet().removeIf(k -> k.startsWith(key + "."));
      } else {
        checkKey(key, source);
        values.put(key, e.getValue());
      }
    }
  }

  private static boolean isRemoteRemoval(String key, String value) {
    String[] parts = key.split("\\.");
    return value == null && parts.length == 2 && parts[0].equals("remotes");
  }

  private void checkKey(String key, String source) {
    if (staticKeys.contains(key)) {
      return;
    }
    String[] parts = key.split("\\.", -1);
    if (parts.length == 3 && parts[0].equals("remotes")) {
      if (!REMOTE_NAME.matcher(parts[1]).matches()) {
        throw new ConfigException("Invalid remote name '" + parts[1] + "' in " + key + " (" + source
            + "): lowercase letters, digits, '-' and '_'");
      }
      if (REMOTE_FIELDS.contains(parts[2])) {
        return;
      }
    }
    throw new ConfigException("Unknown configuration key " + key + " (" + source + ")");
  }
}

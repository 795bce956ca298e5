package org.imagecache.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Binds merged dotted keys to the typed records, validating each value; errors name the key. */
final class ConfigBinder {
  private final Map<String, String> values;

  private ConfigBinder(Map<String, String> values) {
    this.values = values;
  }

  static ImageCacheConfig bind(Map<String, String> values) {
    return new ConfigBinder(values).config();
  }

  private ImageCacheConfig config() {
    checkRemoteDefaults();
    Path dataDir = dataDir();
    Map<String, RemoteConfig> remotes = remotes(dataDir);
    return new ImageCacheConfig(listen(), dataDir, DatabaseBinder.bind(values, dataDir), images(), cache(), remotes,
        ImagesSettings.parseBoolean("metrics.require_token", required("metrics.require_token")), logLevel(), connections(),
        MirrorBinder.bind(values, remotes.keySet(), dataDir), cluster(), written());
  }

  private static final java.util.regex.Pattern MEMBER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** {@code cluster.member_name} (empty: the host's name) and {@code cluster.address} (empty: none). */
  private ClusterConfig cluster() {
    String name = values.getOrDefault("cluster.member_name", "").trim();
    if (!name.isEmpty() && !MEMBER_NAME.matcher(name).matches()) {
      throw ConfigException.invalid("cluster.member_name", name, "must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit");
    }
    String address = values.getOrDefault("cluster.address", "").trim();
    // the URL of this member's mirror listener: the rules of any mirror's URL
    Optional<URI> uri = address.isEmpty() ? Optional.empty() : Optional.of(mirrorUrl("cluster.address", address));
    return new ClusterConfig(Optional.of(name).filter(n -> !n.isEmpty()), uri);
  }

  /** Every key with a value as the merged layers wrote it; URLs without their credentials, passwords as {@code ***}. */
  private Map<String, String> written() {
    Map<String, String> out = new java.util.TreeMap<>();
    values.forEach((k, v) -> {
      if (v != null) {
        out.put(k, shown(k, v));
      }
    });
    return out;
  }

  private static String shown(String key, String value) {
    if (key.endsWith(".password")) {
      return value.isEmpty() ? "" : "***";
    }
    if (key.equals("database.url")) {
      return DatabaseBinder.redacted(value);
    }
    return key.endsWith(".url") ? withoutCredentials(value) : value;
  }

  private static String withoutCredentials(String url) {
    try {
      return RemoteConfig.withoutCredentials(new java.net.URI(url)).toString();
    } catch (java.net.URISyntaxException e) {
      return "<not a URL>";
    }
  }

  private ImageCacheConfig.ConnectionLimits connections() {
    int max = ImagesSettings.parseCount("http.max_connections", required("http.max_connections"));
    if (max < 8 || max > 1_000_000) {
      throw ConfigException.invalid("http.max_connections", values.get("http.max_connections"), "must be between 8 and 1000000");
    }
    return new ImageCacheConfig.ConnectionLimits(
        atMost("http.header_timeout", positiveDuration("http.header_timeout"), Duration.ofHours(1)),
        atMost("http.idle_timeout", positiveDuration("http.idle_timeout"), Duration.ofDays(1)), max);
  }

  private String logLevel() {
    String v = required("log.level").trim().toLowerCase(Locale.ROOT);
    if (!java.util.List.of("trace", "debug", "info", "warn", "error").contains(v)) {
      throw ConfigException.invalid("log.level", values.get("log.level"), "is not one of trace, debug, info, warn, error");
    }
    return v;
  }

  private ImageCacheConfig.Listen listen() {
    return listen("listen", required("listen"));
  }

  /** {@code host:port} (an IPv6 host in brackets), a port from 0 to 65535. */
  static ImageCacheConfig.Listen listen(String key, String value) {
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    if (colon <= 0) {
      throw ConfigException.invalid(key, v, "is not host:port");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, v, "has no numeric port");
    }
    if (port < 0 || port > 65535 || host.isBlank()) {
      throw ConfigException.invalid(key, v, "is not host:port with a port from 0 to 65535");
    }
    return new ImageCacheConfig.Listen(host, port);
  }

  private Path dataDir() {
    String v = required("data_dir");
    if (v.isBlank()) {
      throw ConfigException.invalid("data_dir", v, "must not be empty");
    }
    return Path.of(v);
  }

  private ImagesSettings images() {
    return ImagesSettings.of(values::get);
  }

  private CacheConfig cache() {
    Duration lease = parse("cache.launch_lease", Durations::parse);
    if (lease.isZero()) {
      throw ConfigException.invalid("cache.launch_lease", values.get("cache.launch_lease"), "must be longer than 0");
    }
    Watermark high = parse("cache.high_watermark", Watermark::parse);
    Watermark low = parse("cache.low_watermark", Watermark::parse);
    checkWatermarks(high, low);
    int maxDeletions = ImagesSettings.parseCount("cache.max_deletions", required("cache.max_deletions"));
    if (maxDeletions < 1) {
      throw ConfigException.invalid("cache.max_deletions", values.get("cache.max_deletions"), "must be at least 1");
    }
    int concurrency = ImagesSettings.parseCount("cache.auto_update_concurrency", required("cache.auto_update_concurrency"));
    if (concurrency < 1 || concurrency > 64) {
      throw ConfigException.invalid("cache.auto_update_concurrency", values.get("cache.auto_update_concurrency"), "must be between 1 and 64");
    }
    return new CacheConfig(lease, parse("cache.fresh_grace", Durations::parse),
        ImagesSettings.parseCount("cache.keep_revisions", required("cache.keep_revisions")),
        high, low, maxDeletions, concurrency,
        atLeastASecond("cache.auto_update_tick", atMost("cache.auto_update_tick", positiveDuration("cache.auto_update_tick"), Duration.ofHours(1))),
        atLeastASecond("cache.prune_interval", atMost("cache.prune_interval", positiveDuration("cache.prune_interval"), Duration.ofDays(30))));
  }

  private Duration atLeastASecond(String key, Duration d) {
    if (d.toSeconds() < 1) {
      throw ConfigException.invalid(key, values.get(key), "must be at least 1s");
    }
    return d;
  }

  /** Low must not be above high; both must be the same kind (a share, or a size) to compare. */
  static void checkWatermarks(Watermark high, Watermark low) {
    if (high.kind() != low.kind()) {
      throw new ConfigException("Invalid watermarks: cache.low_watermark (" + low + ") and cache.high_watermark ("
          + high + ") must both be percentages or both be sizes");
    }
    if (low.value() > high.value()) {
      throw new ConfigException("Invalid watermarks: cache.low_watermark (" + low + ") is above cache.high_watermark (" + high + ")");
    }
  }

  private Map<String, RemoteConfig> remotes(Path dataDir) {
    Map<String, RemoteConfig> out = new java.util.LinkedHashMap<>();
    values.keySet().stream()
        .filter(k -> k.startsWith("remotes."))
        .map(k -> k.split("\\.")[1])
        .distinct()
        .forEach(name -> out.put(name, remote(name, dataDir)));
    return out;
  }

  /** The prefix of the keys every remote takes its defaults from (conf/imagecache.yaml lists them all). */
  static final String REMOTE_DEFAULTS = "remote_defaults.";

  /**
   * A remote: each field from the remote's own key, else from {@code remote_defaults} (the one place
   * the per-remote defaults are written); an error names the key that held the value. The defaults are
   * checked on their own too, so that a bad one stops start-up even while every remote overrides it.
   */
  private RemoteConfig remote(String name, Path dataDir) {
    Function<String, String> key = field -> values.get("remotes." + name + "." + field) != null
        ? "remotes." + name + "." + field : REMOTE_DEFAULTS + field;
    URI url = url("remotes." + name + ".url", dataDir);
    return remoteFields(name, url, key, Optional.ofNullable(values.get("remotes." + name + ".catalog_stale_while_revalidate")),
        certificate("remotes." + name + ".certificate"), mirrors("remotes." + name + ".mirrors", url));
  }

  private RemoteConfig remoteFields(String name, URI url, Function<String, String> key, Optional<String> staleWhileRevalidate,
      Optional<String> certificate, java.util.List<RemoteConfig.Mirror> mirrors) {
    String protocolName = required(key.apply("protocol"));
    Protocol protocol = Protocol.of(protocolName)
        .orElseThrow(() -> ConfigException.invalid(key.apply("protocol"), protocolName, "is not supported (" + Protocol.names() + ")"));
    Duration ttl = positiveDuration(key.apply("catalog_ttl"));
    return new RemoteConfig(name, url, protocol, ttl,
        staleWhileRevalidate.isEmpty() ? ttl : parse("remotes." + name + ".catalog_stale_while_revalidate", Durations::parse),
        certificate,
        atMost(key.apply("connect_timeout"), positiveDuration(key.apply("connect_timeout")), Duration.ofHours(1)),
        atMost(key.apply("idle_timeout"), positiveDuration(key.apply("idle_timeout")), Duration.ofDays(1)),
        minimumRate(key),
        catalogBound(key.apply("max_catalog_size")),
        catalogTotal(key),
        ImagesSettings.parseBoolean(key.apply("demo"), required(key.apply("demo"))),
        ImagesSettings.parseBoolean(key.apply("catalog_cache"), required(key.apply("catalog_cache"))),
        origins(key.apply("allow_redirects_to")),
        mirrors,
        failover(key));
  }

  /** The budgets a mirror gets (each 100 ms to 1 h) and how long one that failed is skipped (1 s to 1 h). */
  private RemoteConfig.Failover failover(Function<String, String> key) {
    return new RemoteConfig.Failover(budget(key.apply("mirror_connect_timeout")), budget(key.apply("mirror_header_timeout")),
        budget(key.apply("mirror_stall_timeout")),
        atLeastASecond(key.apply("mirror_skip_after_failure"), atMost(key.apply("mirror_skip_after_failure"),
            positiveDuration(key.apply("mirror_skip_after_failure")), Duration.ofHours(1))));
  }

  private Duration budget(String key) {
    Duration d = atMost(key, positiveDuration(key), Duration.ofHours(1));
    if (d.toMillis() < 100) {
      throw ConfigException.invalid(key, values.get(key), "must be at least 100ms");
    }
    return d;
  }

  /**
   * {@code remotes.NAME.mirrors}: mirror base URLs (a YAML list, or comma-separated), each http:// or
   * https:// and optionally followed by {@code sha256:<hex>} to pin its certificate; none may be the
   * remote's own URL, or listed twice.
   */
  private java.util.List<RemoteConfig.Mirror> mirrors(String key, URI remoteUrl) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return java.util.List.of();
    }
    java.util.List<RemoteConfig.Mirror> out = new java.util.ArrayList<>();
    for (String entry : v.split(",")) {
      String[] words = entry.trim().split("\\s+");
      if (words.length > 2 || words[0].isEmpty() || (words.length == 2 && !words[1].startsWith("sha256:"))) {
        throw ConfigException.invalid(key, redacted(entry.trim()), "is not a URL optionally followed by sha256:<fingerprint>");
      }
      URI url = mirrorUrl(key, words[0]);
      Optional<String> pin = words.length == 2 ? Optional.of(pin(key, words[1].substring("sha256:".length()))) : Optional.empty();
      if (withSlash(url).equals(withSlash(RemoteConfig.withoutCredentials(remoteUrl))) || out.stream().anyMatch(m -> withSlash(m.url()).equals(withSlash(url)))) {
        throw ConfigException.invalid(key, redacted(words[0]), "is listed twice, or is the remote's own url");
      }
      out.add(new RemoteConfig.Mirror(url, pin));
    }
    return java.util.List.copyOf(out);
  }

  private static String withSlash(URI url) {
    String s = url.toString();
    return s.endsWith("/") ? s : s + "/";
  }

  private URI mirrorUrl(String key, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw ConfigException.invalid(key, redacted(text), "must be an http:// or https:// URL");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw ConfigException.invalid(key, redacted(text), "has a ?query, #fragment or user:password, which a mirror's URL cannot have");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ConfigException.invalid(key, redacted(text), "is not a URL (" + e.getReason() + ")");
    }
  }

  /** A SHA-256 certificate pin: 64 hex characters, colons and case ignored. */
  private static String pin(String key, String text) {
    String hex = text.replace(":", "").trim().toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw ConfigException.invalid(key, text, "is not a SHA-256 fingerprint (64 hex characters)");
    }
    return hex;
  }

  /** The packaged file's {@code remote_defaults} as a remote (name and URL placeholders), bound once. */
  static RemoteConfig packagedRemoteDefaults() {
    return PackagedDefaults.REMOTE;
  }

  private static final class PackagedDefaults {
    static final RemoteConfig REMOTE = new ConfigBinder(ConfigLoader.defaults()).remoteDefaults();
  }

  private RemoteConfig remoteDefaults() {
    return remoteFields("(defaults)", URI.create("http://127.0.0.1/"), field -> REMOTE_DEFAULTS + field, Optional.empty(), Optional.empty(),
        java.util.List.of());
  }

  /** Binds {@code remote_defaults} as a remote of its own, for their errors alone. */
  private void checkRemoteDefaults() {
    remoteDefaults();
  }

  /** A list of origins (a YAML list, or comma-separated): http(s)://host[:port], nothing after it. */
  private java.util.List<URI> origins(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return java.util.List.of();
    }
    java.util.List<URI> out = new java.util.ArrayList<>();
    for (String item : v.split(",")) {
      String t = item.trim();
      try {
        URI u = new URI(t);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || !bare || u.getRawQuery() != null
            || u.getRawFragment() != null || u.getRawUserInfo() != null) {
          throw ConfigException.invalid(key, t, "is not an origin (http:// or https://, a host and an optional port, nothing after)");
        }
        out.add(u);
      } catch (URISyntaxException e) {
        throw ConfigException.invalid(key, t, "is not a URL (" + e.getReason() + ")");
      }
    }
    return out;
  }

  /** {@code min_transfer_rate} (bytes a second; 0 turns the check off) over {@code rate_window} (1 s to 1 h). */
  private RemoteConfig.MinimumRate minimumRate(Function<String, String> key) {
    long rate = parse(key.apply("min_transfer_rate"), Sizes::parse);
    String windowKey = key.apply("rate_window");
    Duration window = atMost(windowKey, positiveDuration(windowKey), Duration.ofHours(1));
    if (window.toSeconds() < 1) {
      throw ConfigException.invalid(windowKey, values.get(windowKey), "must be at least 1s");
    }
    return new RemoteConfig.MinimumRate(rate, window);
  }

  /** All the documents of one catalog fetch together: at least one document's bound, at most 4 GiB. */
  private long catalogTotal(Function<String, String> fields) {
    String key = fields.apply("max_catalog_total");
    long bytes = parse(key, Sizes::parse);
    long one = parse(fields.apply("max_catalog_size"), Sizes::parse);
    if (bytes < one || bytes > (4L << 30)) {
      throw ConfigException.invalid(key, values.get(key), "must be between " + fields.apply("max_catalog_size") + " and 4GiB");
    }
    return bytes;
  }

  /** A catalog document is held whole in memory to be parsed: 1 KiB to 1 GiB. */
  private long catalogBound(String key) {
    long bytes = parse(key, Sizes::parse);
    if (bytes < 1024 || bytes > (1L << 30)) {
      throw ConfigException.invalid(key, values.get(key), "must be between 1KiB and 1GiB");
    }
    return bytes;
  }

  /** A URL; a relative {@code file:} URL ({@code file:demo-stream}) is taken from the data directory. */
  private URI url(String key, Path dataDir) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException("Missing value for " + key + ": every remote needs a url");
    }
    try {
      URI uri = new URI(v.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean http = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
      boolean file = scheme.equals("file") && (uri.getPath() != null || uri.isOpaque());
      if (!http && !file) {
        throw ConfigException.invalid(key, redacted(v), "must be an http://, https:// or file: URL");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw ConfigException.invalid(key, redacted(v), "has a ?query or #fragment, which a remote's base URL cannot have");
      }
      if (file && uri.isOpaque()) {
        return dataDir.toAbsolutePath().resolve(uri.getSchemeSpecificPart()).normalize().toUri();
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ConfigException.invalid(key, redacted(v), "is not a URL (" + e.getReason() + ")");
    }
  }

  /** A URL as an error message may quote it: without a user:password. */
  private static String redacted(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^@/]*@", "$1***@");
  }

  private Optional<String> certificate(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(pin(key, v));
  }

  /** A timeout that a socket option holds in milliseconds as an int, or one past any sense: bounded. */
  private Duration atMost(String key, Duration d, Duration max) {
    if (d.compareTo(max) > 0) {
      throw ConfigException.invalid(key, values.get(key), "must be at most " + Durations.format(max));
    }
    return d;
  }

  private Duration positiveDuration(String key) {
    Duration d = parse(key, Durations::parse);
    if (d.isZero()) {
      throw ConfigException.invalid(key, values.get(key), "must be longer than 0");
    }
    return d;
  }

  private <T> T parse(String key, Function<String, T> parser) {
    String v = required(key);
    try {
      return parser.apply(v);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(key, v, String.valueOf(e.getMessage()));
    }
  }

  private String required(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new ConfigException("Missing value for " + key);
    }
    return v;
  }
}

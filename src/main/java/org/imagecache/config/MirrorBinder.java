package org.imagecache.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds {@code mirror.*}; an error names the key. */
final class MirrorBinder {
  /** A DNS name (labels of letters, digits and hyphens) or an IPv4 or IPv6 address. */
  private static final Pattern NAME = Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|[0-9a-f:.]+");

  private final Map<String, String> values;

  private MirrorBinder(Map<String, String> values) {
    this.values = values;
  }

  static MirrorConfig bind(Map<String, String> values, Set<String> remoteNames, Path dataDir) {
    return new MirrorBinder(values).mirror(remoteNames, dataDir);
  }

  private MirrorConfig mirror(Set<String> remoteNames, Path dataDir) {
    String listen = value("mirror.listen");
    String modeText = value("mirror.mode");
    MirrorConfig.Mode mode = MirrorConfig.Mode.of(modeText)
        .orElseThrow(() -> ConfigException.invalid("mirror.mode", modeText, "is not pull-through or cached"));
    List<String> remotes = list("mirror.remotes");
    for (String remote : remotes) {
      if (!remoteNames.contains(remote)) {
        throw ConfigException.invalid("mirror.remotes", value("mirror.remotes"), "names '" + remote + "', which is not a configured remote");
      }
    }
    return new MirrorConfig(listen.isBlank() ? Optional.empty() : Optional.of(ConfigBinder.listen("mirror.listen", listen)), mode, remotes,
        tls(dataDir));
  }

  private MirrorConfig.Tls tls(Path dataDir) {
    Optional<Path> cert = file("mirror.tls.cert", dataDir);
    Optional<Path> key = file("mirror.tls.key", dataDir);
    if (cert.isPresent() != key.isPresent()) {
      String missing = cert.isPresent() ? "mirror.tls.key" : "mirror.tls.cert";
      throw new ConfigException("Missing value for " + missing + ": mirror.tls.cert and mirror.tls.key go together");
    }
    List<String> names = list("mirror.tls.names");
    for (String name : names) {
      if (name.length() > 253 || !NAME.matcher(name).matches()) {
        throw ConfigException.invalid("mirror.tls.names", value("mirror.tls.names"), "holds '" + name + "', which is not a DNS name or an address");
      }
    }
    String engineText = value("mirror.tls.engine");
    MirrorConfig.Engine engine = MirrorConfig.Engine.of(engineText)
        .orElseThrow(() -> ConfigException.invalid("mirror.tls.engine", engineText, "is not openssl or jdk"));
    return new MirrorConfig.Tls(cert, key, names, file("mirror.tls.client_ca", dataDir), engine);
  }

  /** A file path; a relative one is taken from the data directory, like the database's. */
  private Optional<Path> file(String key, Path dataDir) {
    String v = value(key);
    return v.isBlank() ? Optional.empty() : Optional.of(dataDir.resolve(v.trim()));
  }

  private List<String> list(String key) {
    String v = value(key);
    List<String> out = new ArrayList<>();
    for (String item : v.split(",")) {
      if (!item.isBlank() && !out.contains(item.trim())) {
        out.add(item.trim());
      }
    }
    return out;
  }

  private String value(String key) {
    String v = values.get(key);
    return v == null ? "" : v;
  }
}

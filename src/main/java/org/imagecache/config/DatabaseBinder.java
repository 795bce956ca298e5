package org.imagecache.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds {@code database.*}: which database, and for PostgreSQL who connects and with what password. */
final class DatabaseBinder {
  static final String SQLITE = "jdbc:sqlite:";
  static final String POSTGRESQL = "jdbc:postgresql:";
  private static final List<String> CREDENTIALS = List.of("database.user", "database.password", "database.password_file");
  private static final Pattern PASSWORD_OPTION = Pattern.compile("(?i)([?&]password=)[^&]*");

  private final Map<String, String> values;

  private DatabaseBinder(Map<String, String> values) {
    this.values = values;
  }

  static DatabaseConfig bind(Map<String, String> values, Path dataDir) {
    return new DatabaseBinder(values).database(dataDir);
  }

  /** A JDBC URL with any {@code password=} option blanked out: what logs and messages show. */
  static String redacted(String url) {
    return PASSWORD_OPTION.matcher(url).replaceAll("$1***");
  }

  private DatabaseConfig database(Path dataDir) {
    String url = value("database.url").trim();
    if (url.startsWith(POSTGRESQL)) {
      return postgres(url, dataDir);
    }
    for (String key : CREDENTIALS) {
      if (!value(key).isBlank()) {
        throw ConfigException.invalid(key, key.endsWith("user") ? value(key) : "***",
            "applies only to a PostgreSQL database.url (jdbc:postgresql://HOST:PORT/DB); the SQLite file needs none");
      }
    }
    return new DatabaseConfig.Sqlite(sqliteFile(url, dataDir));
  }

  /** Empty: imagecache.db in the data dir; else {@code jdbc:sqlite:PATH} (relative to the data dir). */
  private static Path sqliteFile(String url, Path dataDir) {
    if (url.isBlank()) {
      return dataDir.resolve("imagecache.db");
    }
    if (!url.startsWith(SQLITE)) {
      throw ConfigException.invalid("database.url", redacted(url), "is not supported: jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB");
    }
    String path = url.substring(SQLITE.length());
    if (path.isBlank() || path.startsWith(":") || path.contains("?") || path.startsWith("file:")) {
      throw ConfigException.invalid("database.url", url, "must name a file (jdbc:sqlite:PATH, no options)");
    }
    return dataDir.resolve(path);
  }

  private DatabaseConfig.Postgres postgres(String url, Path dataDir) {
    checkPostgresUrl(url);
    String user = value("database.user").trim();
    if (user.isEmpty()) {
      throw ConfigException.invalid("database.user", "", "must be set for a PostgreSQL database.url");
    }
    String password = value("database.password");
    Optional<Path> passwordFile = Optional.of(value("database.password_file").trim()).filter(s -> !s.isEmpty()).map(dataDir::resolve);
    if (!password.isEmpty() && passwordFile.isPresent()) {
      throw ConfigException.invalid("database.password_file", passwordFile.get().toString(), "is set as well as database.password; set one of them");
    }
    return new DatabaseConfig.Postgres(url, user, passwordFile.map(DatabaseBinder::readPassword).or(() -> Optional.of(password).filter(p -> !p.isEmpty())));
  }

  /** {@code jdbc:postgresql://HOST[:PORT][,HOST[:PORT]...]/DB[?options]}: a host and a database, at least. */
  private static void checkPostgresUrl(String url) {
    String problem = "is not a PostgreSQL URL of the form jdbc:postgresql://HOST:PORT/DB";
    URI uri;
    try {
      uri = new URI(url.substring("jdbc:".length()));
    } catch (URISyntaxException e) {
      throw ConfigException.invalid("database.url", redacted(url), problem);
    }
    String authority = uri.getRawAuthority();
    String path = uri.getRawPath();
    if (authority == null || authority.isBlank() || path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw ConfigException.invalid("database.url", redacted(url), problem);
    }
  }

  /** The file's first line (a trailing newline is not part of the password). */
  private static String readPassword(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String line = text.lines().findFirst().orElse("");
      if (line.isEmpty()) {
        throw ConfigException.invalid("database.password_file", file.toString(), "is empty");
      }
      return line;
    } catch (IOException e) {
      throw ConfigException.invalid("database.password_file", file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  private String value(String key) {
    String v = values.get(key);
    return v == null ? "" : v;
  }
}

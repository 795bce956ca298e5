package org.imagecache.config;

import java.nio.file.Path;
import java.util.Optional;

/** Where the records live ({@code database.*}): the embedded SQLite file, or a PostgreSQL database a mirror tier shares. */
public sealed interface DatabaseConfig {

  /** The embedded default: a SQLite file (imagecache.db in the data dir unless {@code database.url} names another). */
  record Sqlite(Path file) implements DatabaseConfig {}

  /**
   * A PostgreSQL database, {@code jdbc:postgresql://HOST[:PORT]/DB[?options]}, as {@code user}, with the
   * password from {@code database.password} or {@code database.password_file} (none: the server's own
   * authentication decides, as with {@code trust} or a {@code .pgpass}). The password never prints.
   */
  record Postgres(String url, String user, Optional<String> password) implements DatabaseConfig {
    @Override
    public String toString() {
      return "Postgres[url=" + DatabaseBinder.redacted(url) + ", user=" + user + ", password=" + (password.isPresent() ? "(set)" : "(none)") + "]";
    }
  }
}

package org.imagecache.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token every API call but {@code /healthz} must present. Created at first start as 32
 * random bytes (hex) in {@code <data_dir>/admin.token}, mode 0600; compared in constant time.
 *
 * <p>A token file that is not a regular file (a symlink, a directory, a device) stops the start: it
 * would be read from, or re-permissioned at, a place the data directory does not own. A token file that
 * others could read (any group or other permission) is treated as exposed: a new token replaces it, and
 * the start says so; the old token no longer works.
 */
public final class AdminToken {
  private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] token;

  private AdminToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the token file, or creates it (0600, written whole, then moved into place). */
  public static AdminToken loadOrCreate(Path file) {
    try {
      if (Files.isSymbolicLink(file) || (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
        throw new StartupException("admin token " + file + " is not a regular file (" + kind(file)
            + "); remove it, and a new token is created at the next start", null);
      }
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return load(file);
      }
      AdminToken created = write(file);
      LOG.info("created admin token in {} (mode 0600)", file);
      return created;
    } catch (IOException e) {
      throw new StartupException("admin token " + file + " cannot be created: " + e, e);
    }
  }

  private static String kind(Path file) {
    return Files.isSymbolicLink(file) ? "a symbolic link" : Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory"
        : "not a plain file";
  }

  /** A new random token, written whole with mode 0600 and moved into place (replacing any old one). */
  private static AdminToken write(Path file) throws IOException {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    Path temp = Files.createTempFile(file.getParent(), ".admin.token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(temp, token + "\n");
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new AdminToken(token);
  }

  private static AdminToken load(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    if (!OWNER_ONLY.containsAll(perms)) {
      AdminToken rotated = write(file);
      LOG.warn("admin token {} was readable by others (mode {}): it counts as exposed, so a new token replaced it"
          + " (mode 0600); the old one no longer works, and clients read the new one from the file", file,
          PosixFilePermissions.toString(perms));
      return rotated;
    }
    String token = Files.readString(file).trim();
    if (token.length() < 32) {
      throw new StartupException("admin token " + file + " is empty or too short (at least 32 characters)", null);
    }
    return new AdminToken(token);
  }

  /** Constant-time comparison with what a request presented (null counts as wrong). */
  public boolean matches(@Nullable String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }
}

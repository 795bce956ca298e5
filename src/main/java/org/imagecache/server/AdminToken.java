package org.imagecache.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token every API call but {@code /healthz} must present. Created at first start as 32
 * random bytes (hex) in {@code <data_dir>/admin.token}, mode 0600; compared in constant time.
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
      if (Files.exists(file)) {
        return load(file);
      }
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      String token = HexFormat.of().formatHex(raw);
      Path temp = Files.createTempFile(file.getParent(), ".admin.token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(temp, token + "\n");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("created admin token in {} (mode 0600)", file);
      return new AdminToken(token);
    } catch (IOException e) {
      throw new StartupException("admin token " + file + " cannot be created: " + e, e);
    }
  }

  private static AdminToken load(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!perms.equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      LOG.warn("admin token {} had mode {}; set it to 0600", file, PosixFilePermissions.toString(perms));
    }
    String token = Files.readString(file).trim();
    if (token.length() < 32) {
      throw new StartupException("admin token " + file + " is empty or too short (at least 32 characters)", null);
    }
    return new AdminToken(token);
  }

  /** Constant-time comparison with what a request presented (null counts as wrong). */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }
}

package org.imagecache.remote;

import java.net.URI;
import java.util.Locale;
import org.imagecache.failure.RemoteException;

/** Resolves a catalog path against a remote's base URL, refusing any path that would leave it. */
public final class RemotePaths {
  private RemotePaths() {}

  /**
   * @throws RemoteException (bad answer, reason {@code path_escapes_remote}) for absolute URLs, paths
   *     starting with '/', '..' segments (also percent-encoded), backslashes or control characters
   */
  public static URI resolve(String remote, URI base, String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    boolean bad = path.isEmpty() || path.startsWith("/") || path.contains("\\") || lower.contains("%2e%2e")
        || lower.contains("%2f") || path.contains("://") || lower.startsWith("file:")
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    for (String segment : path.split("/")) {
      bad |= segment.equals("..") || segment.equals(".");
    }
    if (!bad) {
      URI resolved = base.resolve("./" + encode(path)).normalize();
      if (isUnder(resolved, base)) {
        return resolved;
      }
    }
    throw RemoteException.badAnswer(remote, "path_escapes_remote",
        "Remote " + remote + " lists a path that leaves its base URL: '" + path + "'");
  }

  private static boolean isUnder(URI resolved, URI base) {
    return java.util.Objects.equals(resolved.getScheme(), base.getScheme())
        && java.util.Objects.equals(resolved.getRawAuthority(), base.getRawAuthority())
        && resolved.getRawPath() != null && base.getRawPath() != null
        && resolved.getRawPath().startsWith(base.getRawPath());
  }

  private static String encode(String path) {
    StringBuilder sb = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c == ' ' || c == '%' || c == '#' || c == '?' || c == '[' || c == ']' || c > 0x7e) {
        for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          sb.append('%').append(String.format("%02X", b & 0xff));
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

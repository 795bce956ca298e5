package org.imagecache.suites.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Writes simplestreams trees of real generated images with the jar's own {@code make-stream} command. */
public final class Streams {
  private Streams() {}

  /**
   * Writes (or rewrites) a stream of release "1" with these versions; returns version -> fingerprint
   * for the given Debian architecture.
   */
  public static Map<String, String> make(Path dir, String arch, String payload, String... versions) throws IOException, InterruptedException {
    return make(dir, List.of(arch), payload, versions).get(arch);
  }

  /** The same for several Debian architectures in one stream: arch -> (version -> fingerprint). */
  public static Map<String, Map<String, String>> make(Path dir, List<String> archs, String payload, String... versions)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("make-stream", dir.toString(), "--versions", String.join(",", versions),
        "--archs", String.join(",", archs), "--payload", payload));
    ImageCacheProcess.CliResult r = Cli.run(Map.of(), args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode summary = HttpApi.JSON.readTree(r.stdout());
    Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
    for (String arch : archs) {
      Map<String, String> byVersion = new java.util.LinkedHashMap<>();
      summary.get("testos:1:" + arch + ":default").fields().forEachRemaining(e -> byVersion.put(e.getKey(), e.getValue().asText()));
      out.put(arch, byVersion);
    }
    return out;
  }

  /** SHA-256 of the files in order (a split image's fingerprint: metadata then rootfs). */
  public static String sha256(Path... files) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          byte[] buf = new byte[1 << 16];
          for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.imagecache.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.imagecache.config.RemoteConfig;
import org.imagecache.demo.StreamGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the small generated stream of every {@code demo: true} file: remote whose directory is missing. */
final class DemoStreams {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStreams.class);
  static final StreamGenerator.Spec SPEC = new StreamGenerator.Spec("testos", List.of("1"), List.of("20261101_0000"),
      List.of("amd64", "arm64"), 64 * 1024);

  private DemoStreams() {}

  static void writeMissing(Collection<RemoteConfig> remotes) {
    for (RemoteConfig r : remotes) {
      if (!r.demo() || !"file".equalsIgnoreCase(r.url().getScheme())) {
        continue;
      }
      Path dir = Path.of(r.url());
      if (!Files.exists(dir.resolve("streams/v1/index.json"))) {
        StreamGenerator.write(dir, SPEC);
        LOG.info("remote {}: wrote the demo stream (alias testos/1) to {}", r.name(), dir);
      }
    }
  }
}

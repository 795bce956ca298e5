package org.imagecache.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** What {@code lookup} and {@code pull} share: the project, and the architecture and type of the image. */
public final class LaunchOptions {
  @Option(names = "--project", defaultValue = "default")
  String project;

  @Option(names = "--arch", description = "Kernel architecture name (default: the service host's).")
  String architecture;

  @Option(names = "--type", description = "container or virtual-machine.")
  String type;

  /** Adds project, and architecture and type when given, to a request body. */
  void putInto(Map<String, Object> body) {
    body.put("project", project);
    if (architecture != null) {
      body.put("architecture", architecture);
    }
    if (type != null) {
      body.put("type", type);
    }
  }

  /**
   * Splits {@code [REMOTE:]REF} into the body's {@code remote} and its {@code fingerprint} (64 hex with
   * a remote, 12 to 64 without) or {@code alias}; returns whether a remote was named.
   */
  static boolean putImage(Map<String, Object> body, String image) {
    int colon = image.indexOf(':');
    String ref = colon >= 0 ? image.substring(colon + 1) : image;
    if (colon >= 0) {
      body.put("remote", image.substring(0, colon));
    }
    boolean fingerprint = ref.matches(colon >= 0 ? "[0-9a-f]{64}" : "[0-9a-f]{12,64}");
    body.put(fingerprint ? "fingerprint" : "alias", ref);
    return colon >= 0;
  }
}

package org.imagecache.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** What {@code lookup} and {@code pull} share: the project, and the architecture and type of the image. */
public final class LaunchOptions {
  @Option(names = "--project", defaultValue = "default", description = "The project (default: ${DEFAULT-VALUE}).")
  String project;

  @Option(names = "--arch", paramLabel = "ARCH", converter = ClientChecks.ArchitectureName.class,
      description = "Kernel architecture name, as LXD names it: x86_64, aarch64, ... (default: the service host's).")
  String architecture;

  @Option(names = "--type", paramLabel = "TYPE", converter = ClientChecks.TypeName.class,
      description = "container or virtual-machine (default: container).")
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
   * Splits {@code [REMOTE:]REF} into the body's {@code remote} and its {@code fingerprint} (a prefix of
   * 12 to 64 hex digits, as {@code lxc image copy images:<prefix>} takes it) or {@code alias} (anything
   * else, or any REF when {@code refIsAlias}); returns whether a remote was named.
   */
  static boolean putImage(Map<String, Object> body, String image, boolean refIsAlias) {
    int colon = image.indexOf(':');
    String ref = colon >= 0 ? image.substring(colon + 1) : image;
    if (colon >= 0) {
      body.put("remote", image.substring(0, colon));
    }
    boolean fingerprint = !refIsAlias && ref.matches("[0-9a-f]{12,64}");
    body.put(fingerprint ? "fingerprint" : "alias", ref);
    return colon >= 0;
  }
}

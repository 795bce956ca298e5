package org.imagecache.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The image a command acts on: {@code FP|ALIAS} and {@code --project}, turned into its API path. */
public final class ImageArgument {
  @Parameters(index = "0", paramLabel = "FP|ALIAS", description = "A fingerprint (prefix of 12 or more) or a local alias.")
  String image;

  @Option(names = "--project", defaultValue = "default", description = "The project of the image (default: ${DEFAULT-VALUE}).")
  String project;

  /** The fingerprint the argument names (a local alias is looked up). */
  String fingerprint(ApiClient api) {
    return ImageRefs.fingerprint(api, project, image);
  }

  /** {@code /1.0/images/<fp><suffix>?project=<project>}. */
  String path(ApiClient api, String suffix) {
    return pathOf(fingerprint(api), suffix);
  }

  /** {@code /1.0/images/<fp><suffix>?project=<project>} for a fingerprint already looked up. */
  String pathOf(String fingerprint, String suffix) {
    return "/1.0/images/" + ApiPaths.segment(fingerprint) + suffix + "?project=" + ApiPaths.segment(project);
  }
}

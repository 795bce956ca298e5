package org.imagecache.cli;

/** Turns what an operator typed (a fingerprint prefix or a local alias) into a fingerprint. */
final class ImageRefs {
  private ImageRefs() {}

  static String fingerprint(ApiClient api, String project, String ref) {
    if (ref.matches("[0-9a-f]{12,64}")) {
      return ref;
    }
    return api.get("/1.0/images/aliases/" + ApiPaths.segment(ref) + "?project=" + ApiPaths.segment(project)).path("target").asText();
  }
}

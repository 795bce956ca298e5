package org.imagecache.cli;

/** Turns what an operator typed (a fingerprint prefix or a local alias) into a fingerprint. */
final class ImageRefs {
  private ImageRefs() {}

  static String fingerprint(ApiClient api, String project, String ref) {
    if (ref.matches("[0-9a-f]{12,64}")) {
      return ref;
    }
    try {
      return api.get("/1.0/images/aliases/" + ApiPaths.segment(ref) + "?project=" + ApiPaths.segment(project)).path("target").asText();
    } catch (CliException e) {
      if ("alias_not_found".equals(e.reason()) && ref.matches("[0-9a-f]{1,11}")) {
        throw new CliException("No alias " + ref + " in project " + project + ", and a fingerprint needs at least 12 hex characters ('"
            + ref + "' has " + ref.length() + "; `images list` shows 12) (alias_not_found)", e.reason());
      }
      throw e;
    }
  }
}

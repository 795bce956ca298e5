package org.imagecache.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes user input for use in API paths. */
final class ApiPaths {
  private ApiPaths() {}

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

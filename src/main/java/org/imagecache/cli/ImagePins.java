package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Sets an image's {@code pinned} flag (a pinned image is never pruned). */
final class ImagePins {
  private ImagePins() {}

  static String set(ApiClient api, ImageArgument image, boolean pinned) {
    JsonNode r = api.patch(image.path(api, ""), Map.of("pinned", pinned));
    return (r.path("pinned").asBoolean() ? "Pinned " : "Unpinned ") + r.path("fingerprint").asText();
  }
}

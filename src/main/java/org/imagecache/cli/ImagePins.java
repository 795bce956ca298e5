package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Sets an image's {@code pinned} flag (a pinned image is never pruned). */
final class ImagePins {
  private ImagePins() {}

  static String set(ClientOptions client, String project, String image, boolean pinned) {
    ApiClient api = client.client();
    String fp = ImageRefs.fingerprint(api, project, image);
    JsonNode r = api.patch("/1.0/images/" + ApiPaths.segment(fp) + "?project=" + ApiPaths.segment(project), Map.of("pinned", pinned));
    return (r.path("pinned").asBoolean() ? "Pinned " : "Unpinned ") + r.path("fingerprint").asText(fp);
  }
}

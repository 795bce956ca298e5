package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The properties of a catalog image, as LXD's {@code ToLXD} sets them, plus {@code release_title}.
 * The description is LXD's: {@code "<os> <release_title> <arch>[ (<label>)] (<serial>)"}, so
 * {@code "debian Debian 12 bookworm amd64 (20260508_0431)"}. Empty values are left out, as LXD does.
 */
final class ImageProperties {
  private ImageProperties() {}

  /**
   * The properties of an image from a version; {@code rootFtype} is null for a unified image. Built
   * straight into an immutable map (the keys are distinct), as the image keeps it.
   */
  static Map<String, String> of(ProductEntry product, VersionEntry version, String rootFtype) {
    List<Map.Entry<String, String>> props = new ArrayList<>(10 + product.requirements().size());
    String label = version.label() == null ? "" : version.label();
    put(props, "os", product.text("os"));
    put(props, "release", product.text("release"));
    put(props, "release_title", product.text("release_title"));
    put(props, "version", product.text("version"));
    put(props, "architecture", product.text("arch"));
    put(props, "variant", product.text("variant"));
    put(props, "label", label);
    put(props, "serial", version.serial());
    put(props, "type", rootFtype == null ? "tar.gz" : rootFtype);
    put(props, "description", description(product, label, version.serial()));
    for (Map.Entry<String, String> requirement : product.requirements().entrySet()) {
      put(props, "requirements." + requirement.getKey(), requirement.getValue());
    }
    return toMap(props);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> toMap(List<Map.Entry<String, String>> props) {
    return Map.ofEntries(props.toArray(new Map.Entry[0]));
  }

  private static String description(ProductEntry product, String label, String serial) {
    StringBuilder sb = new StringBuilder(64)
        .append(product.text("os")).append(' ')
        .append(product.text("release_title")).append(' ')
        .append(product.text("arch"));
    if (!label.isEmpty()) {
      sb.append(" (").append(label).append(')');
    }
    return sb.append(" (").append(serial).append(')').toString();
  }

  private static void put(List<Map.Entry<String, String>> props, String key, String value) {
    if (value != null && !value.isEmpty()) {
      props.add(Map.entry(key, value));
    }
  }
}

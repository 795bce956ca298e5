package org.imagecache.remote.simplestreams;

import java.util.HashMap;
import java.util.Map;

/**
 * The properties of a catalog image, as LXD's {@code ToLXD} sets them, plus {@code release_title}.
 * The description is LXD's: {@code "<os> <release_title> <arch>[ (<label>)] (<serial>)"}, so
 * {@code "debian Debian 12 bookworm amd64 (20260508_0431)"}. Empty values are left out, as LXD does.
 */
final class ImageProperties {
  private ImageProperties() {}

  /** The properties of an image from a version; {@code rootFtype} is null for a unified image. */
  static Map<String, String> of(ProductEntry product, VersionEntry version, String rootFtype) {
    Map<String, String> props = new HashMap<>(16);
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
    return props;
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

  private static void put(Map<String, String> props, String key, String value) {
    if (value != null && !value.isEmpty()) {
      props.put(key, value);
    }
  }
}

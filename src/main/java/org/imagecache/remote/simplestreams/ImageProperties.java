package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The properties of the images of one version, as LXD's {@code ToLXD} sets them, plus
 * {@code release_title}. The description is LXD's: {@code "<os> <release_title> <arch>[ (<label>)]
 * (<serial>)"}, so {@code "debian Debian 12 bookworm amd64 (20260508_0431)"}. Empty values are left
 * out, as LXD does.
 *
 * <p>The images of a version differ only in their {@code type}, so what they share is read from the
 * product once per version, and the images of one type (from lxd and incus metadata) share one map.
 */
final class ImageProperties {
  /** A unified image's type. */
  private static final String UNIFIED_TYPE = "tar.gz";

  /** The entries the images share, in LXD's order; the type goes in at {@link #typeAt}. */
  private final List<Map.Entry<String, String>> shared = new ArrayList<>(12);
  private final int typeAt;
  private final Map<String, Map<String, String>> byType = new HashMap<>(8);

  ImageProperties(ProductEntry product, VersionEntry version) {
    String label = version.label() == null ? "" : version.label();
    put("os", product.text("os"));
    put("release", product.text("release"));
    put("release_title", product.text("release_title"));
    put("version", product.text("version"));
    put("architecture", product.text("arch"));
    put("variant", product.text("variant"));
    put("label", label);
    put("serial", version.serial());
    typeAt = shared.size();
    put("description", description(product, label, version.serial()));
    for (Map.Entry<String, String> requirement : product.requirements().entrySet()) {
      put("requirements." + requirement.getKey(), requirement.getValue());
    }
  }

  /**
   * The properties of an image of the version; {@code rootFtype} is null for a unified image. An
   * immutable map (the keys are distinct), as the image keeps it.
   */
  Map<String, String> of(@Nullable String rootFtype) {
    String type = rootFtype == null ? UNIFIED_TYPE : rootFtype;
    Map<String, String> properties = byType.get(type);
    if (properties == null) {
      properties = withType(type);
      byType.put(type, properties);
    }
    return properties;
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> withType(String type) {
    Map.Entry<String, String>[] entries = new Map.Entry[shared.size() + 1];
    for (int i = 0; i < typeAt; i++) {
      entries[i] = shared.get(i);
    }
    entries[typeAt] = Map.entry("type", type);
    for (int i = typeAt; i < shared.size(); i++) {
      entries[i + 1] = shared.get(i);
    }
    return Map.ofEntries(entries);
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

  private void put(String key, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      shared.add(Map.entry(key, value));
    }
  }
}

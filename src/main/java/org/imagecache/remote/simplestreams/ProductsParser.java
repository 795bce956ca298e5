package org.imagecache.remote.simplestreams;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.failure.CatalogFormatException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a simplestreams products file ({@code products:1.0}) with Jackson's streaming parser into a
 * {@link ProductsDocument}. Members it does not use are skipped whatever their type; members it uses
 * must have their JSON type (strings, an integer {@code size}, objects for maps). A repeated key keeps
 * its last value, as Go's decoder does.
 */
final class ProductsParser {
  private static final Set<String> PRODUCT_STRINGS = Set.of("aliases", "arch", "os", "release",
      "release_codename", "release_title", "variant", "version", "support_eol");
  private static final Set<String> COMBINED_HASHES = Set.of("combined_sha256",
      "combined_rootxz_sha256", "combined_squashfs_sha256", "combined_disk-kvm-img_sha256",
      "combined_disk1-img_sha256", "combined_uefi1-img_sha256");

  private final DocumentReader in;

  private ProductsParser(DocumentReader in) {
    this.in = in;
  }

  /**
   * Parses one products file.
   *
   * @param source the file's path, used in error messages
   * @throws CatalogFormatException when the bytes are not a products document (malformed JSON, a member
   *     of the wrong type, no {@code products} object); nothing else is thrown
   */
  static ProductsDocument parse(byte[] json, String source) {
    return ParseGuard.run(source, () -> {
      try (DocumentReader in = new DocumentReader(json, source)) {
        return new ProductsParser(in).document();
      }
    });
  }

  private ProductsDocument document() throws IOException {
    in.startDocument();
    Map<String, ProductEntry> products = null;
    String datatype = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "products" -> products = in.object(field) ? products() : null;
        case "datatype" -> datatype = in.string(field);
        default -> in.skip();
      }
    }
    in.endDocument();
    if (products == null) {
      throw in.missing("products");
    }
    return new ProductsDocument(in.source(), datatype, products);
  }

  private Map<String, ProductEntry> products() throws IOException {
    Map<String, ProductEntry> products = new LinkedHashMap<>();
    for (String id = in.nextField(); id != null; id = in.nextField()) {
      in.path.enter("products", id);
      if (in.object(null)) {
        products.put(id, product(id));
      }
      in.path.leave();
    }
    return products;
  }

  private ProductEntry product(String id) throws IOException {
    Map<String, String> strings = new HashMap<>();
    Map<String, String> requirements = Map.of();
    Map<String, String> lxdRequirements = null;
    Map<String, VersionEntry> versions = new LinkedHashMap<>();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (PRODUCT_STRINGS.contains(field)) {
        putString(strings, field);
      } else if (field.equals("versions")) {
        if (in.object(field)) {
          versions(versions);
        }
      } else if (field.equals(ProductEntry.REQUIREMENTS)) {
        requirements = stringMap(field);
      } else if (field.equals(ProductEntry.LXD_REQUIREMENTS)) {
        lxdRequirements = stringMap(field);
      } else {
        in.skip();
      }
    }
    return lxdRequirements != null
        ? new ProductEntry(id, strings, lxdRequirements, ProductEntry.LXD_REQUIREMENTS, versions)
        : new ProductEntry(id, strings, requirements, ProductEntry.REQUIREMENTS, versions);
  }

  private void versions(Map<String, VersionEntry> versions) throws IOException {
    for (String serial = in.nextField(); serial != null; serial = in.nextField()) {
      in.path.enter("versions", serial);
      if (in.object(null)) {
        versions.put(serial, version(serial));
      }
      in.path.leave();
    }
  }

  private VersionEntry version(String serial) throws IOException {
    String label = null;
    Map<String, ItemEntry> items = new LinkedHashMap<>();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "label" -> label = in.string(field);
        case "pubname" -> in.checkString(field);
        case "items" -> {
          if (in.object(field)) {
            items(items);
          }
        }
        default -> in.skip();
      }
    }
    return new VersionEntry(serial, label, List.copyOf(items.values()));
  }

  private void items(Map<String, ItemEntry> items) throws IOException {
    for (String key = in.nextField(); key != null; key = in.nextField()) {
      in.path.enter("items", key);
      if (in.object(null)) {
        items.put(key, item(key));
      }
      in.path.leave();
    }
  }

  private ItemEntry item(String key) throws IOException {
    String ftype = null;
    String path = null;
    String sha256 = null;
    String deltaBase = null;
    Map<String, String> combinedHashes = null;
    Long size = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "ftype" -> ftype = in.string(field);
        case "path" -> path = in.string(field);
        case "sha256" -> sha256 = in.string(field);
        case "delta_base" -> deltaBase = in.string(field);
        case "md5" -> in.checkString(field);
        case "size" -> size = in.integer(field);
        default -> combinedHashes = combinedHash(combinedHashes, field);
      }
    }
    return new ItemEntry(key, ftype, path, sha256, deltaBase,
        combinedHashes == null ? Map.of() : combinedHashes, size);
  }

  /**
   * Reads the member into the item's combined hashes when it is one (created on the first; most items
   * have none) and skips it otherwise.
   */
  private @Nullable Map<String, String> combinedHash(@Nullable Map<String, String> hashes, String field) throws IOException {
    if (!COMBINED_HASHES.contains(field)) {
      in.skip();
      return hashes;
    }
    Map<String, String> target = hashes == null ? new HashMap<>(8) : hashes;
    putString(target, field);
    return target;
  }

  private void putString(Map<String, String> target, String field) throws IOException {
    String value = in.string(field);
    if (value == null) {
      target.remove(field);
    } else {
      target.put(field, value);
    }
  }

  private Map<String, String> stringMap(String field) throws IOException {
    if (!in.object(field)) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key = in.nextField(); key != null; key = in.nextField()) {
      in.path.enter(field, key);
      String value = in.string(null);
      in.path.leave();
      if (value != null) {
        values.put(key, value);
      }
    }
    return values;
  }
}

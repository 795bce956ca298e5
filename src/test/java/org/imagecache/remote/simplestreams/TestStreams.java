package org.imagecache.remote.simplestreams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small products documents built in tests, as ordered maps written with Jackson. */
public final class TestStreams {
  public static final ObjectMapper JSON = new ObjectMapper();

  private TestStreams() {}

  /** A distinct valid fingerprint per number. */
  public static String fp(int n) {
    return String.format("%064x", n);
  }

  public static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  public static Map<String, Object> item(String ftype, String path, long size, String sha256, Object... more) {
    Map<String, Object> item = map("ftype", ftype, "path", path, "size", size, "sha256", sha256);
    item.putAll(map(more));
    return item;
  }

  /** A product with os, release, release_title and variant set; versions by serial. */
  public static Map<String, Object> product(String arch, String aliases, Map<String, Object> versions) {
    return map("aliases", aliases, "arch", arch, "os", "debian", "release", "bookworm",
        "release_title", "Debian 12 bookworm", "variant", "default", "versions", versions);
  }

  public static Map<String, Object> version(Map<String, Object> items) {
    return map("items", items);
  }

  public static byte[] products(Map<String, Object> productsById) {
    return bytes(map("format", "products:1.0", "datatype", "image-downloads",
        "content_id", "images", "products", productsById));
  }

  public static Catalog catalog(Map<String, Object> productsById) {
    return CatalogBuilder.fromProducts(products(productsById), "test.json", "x86_64");
  }

  public static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A split version: lxd.tar.xz with a squashfs and a disk-kvm.img, fingerprints base+1, base+2. */
  public static Map<String, Object> splitVersion(int base) {
    return version(map(
        "lxd.tar.xz", item("lxd.tar.xz", "i/" + base + "/lxd.tar.xz", 100, fp(base),
            "combined_squashfs_sha256", fp(base + 1), "combined_disk-kvm-img_sha256", fp(base + 2)),
        "root.squashfs", item("squashfs", "i/" + base + "/root.squashfs", 1000, fp(base + 10)),
        "disk.qcow2", item("disk-kvm.img", "i/" + base + "/disk.qcow2", 5000, fp(base + 20))));
  }
}

package org.imagecache.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.imagecache.files.PartialFile;
import org.imagecache.image.Architecture;

/**
 * Writes a simplestreams tree of real LXD split images: for each (release, architecture, version) a
 * metadata tarball ({@code metadata.yaml}) and a rootfs tarball with a payload of the given size,
 * both plain (uncompressed) tar, and the {@code streams/v1} index and products files with real sizes
 * and SHA-256s. Fingerprint = SHA-256(metadata || rootfs), as LXD computes it. The payload is
 * pseudo-random but deterministic, so the same spec always gives the same fingerprints and a new
 * version gives a new one. Used for the demo remote, the black-box suites and benchmarks.
 */
public final class StreamGenerator {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter SERIAL = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm");

  /**
   * What to write.
   *
   * @param versions version serials such as {@code 20261101_0000}; each is a distinct image
   * @param archs Debian architecture names ({@code amd64}, {@code arm64})
   */
  /**
   * What to generate.
   *
   * @param vmDiskBytes when positive, each version also carries a virtual machine's disk of this many
   *     bytes ({@code disk.qcow2}, ftype {@code disk-kvm.img}), as the real streams do
   */
  public record Spec(String os, List<String> releases, List<String> versions, List<String> archs, long payloadBytes, long vmDiskBytes) {
    /** Containers only. */
    public Spec(String os, List<String> releases, List<String> versions, List<String> archs, long payloadBytes) {
      this(os, releases, versions, archs, payloadBytes, 0);
    }
  }

  /** The summary's key for the virtual machine images of a product: {@code <product id> vm}. */
  public static String vmKey(String productId) {
    return productId + " vm";
  }

  private StreamGenerator() {}

  /** Writes the tree under {@code out}; returns product id -> version -> fingerprint. */
  public static Map<String, Map<String, String>> write(Path out, Spec spec) {
    try {
      Map<String, Map<String, String>> summary = new LinkedHashMap<>();
      ObjectNode products = JSON.createObjectNode();
      for (String release : spec.releases()) {
        for (String arch : spec.archs()) {
          String productId = spec.os() + ":" + release + ":" + arch + ":default";
          ObjectNode product = product(spec.os(), release, arch);
          ObjectNode versions = product.putObject("versions");
          for (String version : spec.versions()) {
            String dir = "images/" + spec.os() + "/" + release + "/" + arch + "/default/" + version;
            ObjectNode items = versions.putObject(version).putObject("items");
            String fp = writeImage(out.resolve(dir), dir, spec, release, arch, version, items);
            summary.computeIfAbsent(productId, k -> new LinkedHashMap<>()).put(version, fp);
            if (spec.vmDiskBytes() > 0) {
              String vm = writeDisk(out.resolve(dir), dir, spec.os() + "|" + release + "|" + arch + "|" + version + "|vm", spec.vmDiskBytes(), items);
              summary.computeIfAbsent(vmKey(productId), k -> new LinkedHashMap<>()).put(version, vm);
            }
          }
          products.set(productId, product);
        }
      }
      writeStreams(out, products);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed writing a stream under " + out, e);
    }
  }

  private static ObjectNode product(String os, String release, String arch) {
    ObjectNode p = JSON.createObjectNode();
    p.put("aliases", os + "/" + release + "/default," + os + "/" + release);
    p.put("arch", arch);
    p.put("os", os);
    p.put("release", release);
    p.put("release_title", release);
    p.put("variant", "default");
    return p;
  }

  private static String writeImage(Path dir, String relDir, Spec spec, String release, String arch, String version, ObjectNode items)
      throws IOException {
    Files.createDirectories(dir);
    Path meta = dir.resolve("lxd.tar.xz");
    Path root = dir.resolve("root.tar.xz");
    writeMetadata(meta, spec.os(), release, arch, version);
    writeRootfs(root, spec.os() + "|" + release + "|" + arch + "|" + version, spec.payloadBytes(), release);
    String fp = sha256(meta, root);
    items.putObject("lxd.tar.xz").put("ftype", "lxd.tar.xz").put("path", relDir + "/lxd.tar.xz")
        .put("sha256", sha256(meta)).put("size", Files.size(meta))
        .put("combined_rootxz_sha256", fp).put("combined_sha256", fp);
    items.putObject("root.tar.xz").put("ftype", "root.tar.xz").put("path", relDir + "/root.tar.xz")
        .put("sha256", sha256(root)).put("size", Files.size(root));
    return fp;
  }

  /** A virtual machine's disk beside the version's metadata; returns the VM image's fingerprint (metadata, then disk). */
  private static String writeDisk(Path dir, String relDir, String seed, long bytes, ObjectNode items) throws IOException {
    Path disk = dir.resolve("disk.qcow2");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(disk), 1 << 16)) {
      payload(out, seed, bytes);
    }
    String fp = sha256(dir.resolve("lxd.tar.xz"), disk);
    ((ObjectNode) items.get("lxd.tar.xz")).put("combined_disk-kvm-img_sha256", fp);
    items.putObject("disk.qcow2").put("ftype", "disk-kvm.img").put("path", relDir + "/disk.qcow2")
        .put("sha256", sha256(disk)).put("size", Files.size(disk));
    return fp;
  }

  private static void writeMetadata(Path file, String os, String release, String arch, String version) throws IOException {
    String yaml = "architecture: " + Architecture.fromCatalogName(arch).orElse(arch) + "\n"
        + "creation_date: " + creationEpoch(version) + "\n"
        + "properties:\n  os: " + os + "\n  release: \"" + release + "\"\n  architecture: " + arch + "\n"
        + "  description: " + os + " " + release + " " + arch + " (" + version + ")\n  serial: \"" + version + "\"\n"
        + "  variant: default\n";
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      TarWriter tar = new TarWriter(out);
      tar.file("metadata.yaml", yaml.getBytes(StandardCharsets.UTF_8));
      tar.finish();
    }
  }

  private static void writeRootfs(Path file, String seed, long payloadBytes, String release) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      TarWriter tar = new TarWriter(out);
      tar.directory("etc");
      tar.file("etc/os-release", ("NAME=" + seed.split("\\|")[0] + "\nVERSION=" + release + "\nBUILD=" + seed + "\n").getBytes(StandardCharsets.UTF_8));
      tar.file("payload.bin", payloadBytes, o -> payload(o, seed, payloadBytes));
      tar.finish();
    }
  }

  /** Incompressible, deterministic bytes: a seeded generator's output. */
  private static void payload(OutputStream out, String seed, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(seed.hashCode() * 31L + seed.length());
    byte[] block = new byte[1 << 16];
    for (long left = size; left > 0; ) {
      for (int i = 0; i < block.length; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8; j++) {
          block[i + j] = (byte) (v >>> (8 * j));
        }
      }
      int n = (int) Math.min(block.length, left);
      out.write(block, 0, n);
      left -= n;
    }
  }

  private static void writeStreams(Path out, ObjectNode products) throws IOException {
    Path streams = Files.createDirectories(out.resolve("streams/v1"));
    ObjectNode images = JSON.createObjectNode().put("content_id", "images").put("datatype", "image-downloads")
        .put("format", "products:1.0");
    images.set("products", products);
    writeAtomically(streams.resolve("images.json"), JSON.writeValueAsBytes(images));
    ObjectNode index = JSON.createObjectNode().put("format", "index:1.0");
    ObjectNode entry = index.putObject("index").putObject("images").put("datatype", "image-downloads")
        .put("path", "streams/v1/images.json").put("format", "products:1.0");
    var names = entry.putArray("products");
    products.fieldNames().forEachRemaining(names::add);
    writeAtomically(streams.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static long creationEpoch(String version) {
    String digits = version.replaceAll("[^0-9]", "");
    digits = (digits + "000000000000").substring(0, 12);
    try {
      return LocalDateTime.parse(digits.substring(0, 8) + "_" + digits.substring(8, 12), SERIAL).toEpochSecond(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String sha256(Path... files) throws IOException {
    MessageDigest md = PartialFile.sha256();
    byte[] buf = new byte[1 << 16];
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
          md.update(buf, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}

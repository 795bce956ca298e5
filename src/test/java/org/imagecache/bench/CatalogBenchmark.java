package org.imagecache.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.imagecache.image.ImageType;
import org.imagecache.remote.simplestreams.Catalog;
import org.imagecache.remote.simplestreams.CatalogBuilder;
import org.imagecache.remote.simplestreams.CatalogImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * (a) building a catalog from the 598 KB cloud-images products file against Jackson's readTree of the
 * same bytes; (b) building one from a synthetic 20,000-product stream (about 50 MB) made in memory;
 * (c) resolving an alias in a built catalog. When the shared fixtures are absent, (a) uses a
 * synthetic file of about the same size.
 *
 * <p>(b) and (c) run in a JVM limited to 512 MiB of heap, the bound a catalog must fit in; the setup
 * of their state prints the heap the 20,000-product catalog retains and the peak heap while it was
 * built (input bytes included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class CatalogBenchmark {
  private static final String MPSS =
      "shared/fixtures/simplestreams/mpss-lib-cloudimages/streams/v1/com.ubuntu.cloud:released:download.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private byte[] cloudImages;

  /** The 20,000-product stream and its catalog, kept apart so that (a) runs without them in the heap. */
  @State(Scope.Benchmark)
  public static class BigStream {
    byte[] bytes;
    Catalog catalog;

    @Setup
    public void setUp() {
      bytes = synthetic(20_000);
      long before = usedHeapAfterGc();
      resetPeakHeap();
      catalog = CatalogBuilder.fromProducts(bytes, "big.json", "x86_64");
      long peak = peakHeap();
      long retained = usedHeapAfterGc() - before;
      System.out.printf("%n[setup] (b) input %d bytes, %s%n", bytes.length, catalog);
      System.out.printf("[setup] (b) catalog retains %.1f MiB; peak heap while building %.1f MiB"
          + " (input included); max heap %.0f MiB%n", mib(retained), mib(peak),
          mib(Runtime.getRuntime().maxMemory()));
    }
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void resetPeakHeap() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since the reset: an upper bound of the peak heap in use. */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  @Setup
  public void setUp() throws IOException {
    cloudImages = fixtureOrSynthetic();
    System.out.printf("%n[setup] (a) input %d bytes%n", cloudImages.length);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Catalog a_buildCatalogCloudImages() {
    return CatalogBuilder.fromProducts(cloudImages, "cloud-images.json", "x86_64");
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public JsonNode a_jacksonReadTreeCloudImages() throws IOException {
    return JSON.readTree(cloudImages);
  }

  @Benchmark
  @Fork(jvmArgsAppend = "-Xmx512m")
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Catalog b_buildCatalog20000Products(BigStream big) {
    return CatalogBuilder.fromProducts(big.bytes, "big.json", "x86_64");
  }

  @Benchmark
  @Fork(jvmArgsAppend = "-Xmx512m")
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public CatalogImage c_resolveAlias(BigStream big) {
    return big.catalog.resolveAlias("distro1234/stable", "x86_64", ImageType.CONTAINER).orElseThrow();
  }

  private static byte[] fixtureOrSynthetic() throws IOException {
    String property = System.getProperty("imagecache.fixtures");
    if (property != null) {
      Path file = Paths.get(property, MPSS.substring("shared/fixtures/simplestreams/".length()));
      if (Files.isRegularFile(file)) {
        return Files.readAllBytes(file);
      }
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MPSS))) {
        return Files.readAllBytes(dir.resolve(MPSS));
      }
    }
    System.out.println("[setup] cloud-images fixture not found; (a) uses a synthetic file instead");
    return synthetic(240);
  }

  /** A products file with the shape of an LXD image server: 2 versions, 5 items each, per product. */
  static byte[] synthetic(int productCount) {
    StringBuilder sb = new StringBuilder(productCount * 2600);
    sb.append("{\"content_id\":\"images\",\"datatype\":\"image-downloads\",\"format\":\"products:1.0\",")
        .append("\"products\":{");
    for (int p = 0; p < productCount; p++) {
      String arch = p % 2 == 0 ? "amd64" : "arm64";
      int distro = p / 2;
      if (p > 0) {
        sb.append(',');
      }
      sb.append("\"distro").append(distro).append(":stable:").append(arch).append(":default\":{")
          .append("\"aliases\":\"distro").append(distro).append("/stable,distro").append(distro)
          .append("\",\"arch\":\"").append(arch).append("\",\"os\":\"distro").append(distro)
          .append("\",\"release\":\"stable\",\"release_title\":\"Stable\",\"variant\":\"default\",")
          .append("\"versions\":{");
      for (int v = 0; v < 2; v++) {
        appendVersion(sb, p, v);
      }
      sb.append("}}");
    }
    return sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendVersion(StringBuilder sb, int product, int version) {
    String serial = "2024010" + (version + 1) + "_0000";
    String dir = "images/p" + product + "/" + serial + "/";
    int base = product * 16 + version * 8;
    if (version > 0) {
      sb.append(',');
    }
    sb.append('"').append(serial).append("\":{\"items\":{");
    item(sb, "lxd.tar.xz", "lxd.tar.xz", dir + "lxd.tar.xz", 688, base,
        ",\"combined_squashfs_sha256\":\"" + hex(base + 1) + "\",\"combined_disk-kvm-img_sha256\":\""
            + hex(base + 2) + "\"");
    sb.append(',');
    item(sb, "root.squashfs", "squashfs", dir + "root.squashfs", 111366144, base + 3, "");
    sb.append(',');
    item(sb, "disk.qcow2", "disk-kvm.img", dir + "disk.qcow2", 373754368, base + 4, "");
    sb.append(',');
    item(sb, "root.manifest", "manifest", dir + "root.manifest", 4096, base + 5, "");
    sb.append(',');
    item(sb, "disk.manifest", "disk-kvm.manifest", dir + "disk.manifest", 4096, base + 6, "");
    sb.append("}}");
  }

  private static void item(StringBuilder sb, String key, String ftype, String path, long size, int hash,
      String extra) {
    sb.append('"').append(key).append("\":{\"ftype\":\"").append(ftype).append("\",\"path\":\"")
        .append(path).append("\",\"size\":").append(size).append(",\"sha256\":\"").append(hex(hash))
        .append('"').append(extra).append('}');
  }

  private static String hex(int n) {
    return String.format("%064x", n);
  }
}

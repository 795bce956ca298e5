package org.imagecache.suites.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real simplestreams fixtures ({@code ../shared/fixtures/simplestreams}, or the system property
 * {@code imagecache.fixtures}), laid out as a remote serves them: {@code streams/v1/index.json} and
 * {@code streams/v1/images.json}. Read in place, written only to a test's own directory. Absent, the
 * calling test is skipped, except under CI=true, where they must be present.
 */
public final class RealStreams {
  static final String RELATIVE = "shared/fixtures/simplestreams";

  private RealStreams() {}

  public static Path root() {
    String property = System.getProperty("imagecache.fixtures");
    Path found = null;
    if (property != null && !property.isBlank() && Files.isDirectory(Paths.get(property))) {
      found = Paths.get(property).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); found == null && dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(RELATIVE))) {
        found = dir.resolve(RELATIVE).normalize();
      }
    }
    if (found == null && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("simplestreams fixtures not found (-Dimagecache.fixtures=DIR or ../" + RELATIVE + "): CI has them");
    }
    assumeTrue(found != null, "simplestreams fixtures not found (-Dimagecache.fixtures=DIR or ../" + RELATIVE + ")");
    return found;
  }

  /**
   * A remote's tree under {@code out} for a fixture: its own index and products file when it has an
   * index, else the products file behind a one-entry index listing its products.
   */
  public static Path remoteTree(String fixture, Path out) throws IOException {
    Path source = root().resolve(fixture);
    Path streams = Files.createDirectories(out.resolve("streams/v1"));
    if (source.getFileName().toString().equals("index.json")) {
      JsonNode index = HttpApi.JSON.readTree(source.toFile());
      Files.copy(source, streams.resolve("index.json"));
      for (JsonNode entry : index.get("index")) {
        Path products = source.getParent().getParent().getParent().resolve(entry.get("path").asText());
        Files.createDirectories(out.resolve(entry.get("path").asText()).getParent());
        Files.copy(products, out.resolve(entry.get("path").asText()));
      }
      return out;
    }
    byte[] products = Files.readAllBytes(source);
    List<String> ids = new ArrayList<>();
    HttpApi.JSON.readTree(products).get("products").fieldNames().forEachRemaining(ids::add);
    Files.write(streams.resolve("images.json"), products);
    Map<String, Object> entry = Map.of("datatype", "image-downloads", "path", "streams/v1/images.json", "format", "products:1.0",
        "products", ids);
    Files.write(streams.resolve("index.json"), HttpApi.JSON.writeValueAsBytes(Map.of("format", "index:1.0", "index", Map.of("images", entry))));
    return out;
  }
}

package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.Images.image;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertyRepositoryIT {
  @TempDir Path dir;
  private final PropertyRepository properties = new PropertyRepository();
  private Session session;
  private long first;
  private long second;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
    ImageRepository images = new ImageRepository();
    first = images.insert(session, image().fingerprint("aa").build()).id();
    second = images.insert(session, image().fingerprint("bb").build()).id();
  }

  @Test
  void find_returnsPropertiesByKeyOrder() {
    Map<String, String> unordered = new LinkedHashMap<>();
    unordered.put("release", "noble");
    unordered.put("os", "Ubuntu");
    unordered.put("description", "Ubuntu noble amd64");

    properties.replaceAll(session, first, unordered);

    assertThat(properties.find(session, first)).containsExactly(
        Map.entry("description", "Ubuntu noble amd64"), Map.entry("os", "Ubuntu"), Map.entry("release", "noble"));
  }

  @Test
  void replaceAll_dropsKeysNotGivenAgain() {
    properties.replaceAll(session, first, Map.of("os", "Ubuntu", "release", "noble"));

    properties.replaceAll(session, first, Map.of("os", "Debian"));

    assertThat(properties.find(session, first)).containsExactly(Map.entry("os", "Debian"));
  }

  @Test
  void replaceAll_withNothingClears() {
    properties.replaceAll(session, first, Map.of("os", "Ubuntu"));

    properties.replaceAll(session, first, Map.of());

    assertThat(properties.find(session, first)).isEmpty();
  }

  @Test
  void replaceAll_leavesOtherImagesAlone() {
    properties.replaceAll(session, first, Map.of("os", "Ubuntu"));
    properties.replaceAll(session, second, Map.of("os", "Alpine"));

    properties.replaceAll(session, first, Map.of("os", "Fedora"));

    assertThat(properties.find(session, second)).containsExactly(Map.entry("os", "Alpine"));
  }

  @Test
  void find_ofAnImageWithoutPropertiesIsEmpty() {
    assertThat(properties.find(session, second)).isEmpty();
  }
}

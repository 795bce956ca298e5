package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.Images.image;

import java.nio.file.Path;
import org.imagecache.image.ImageAlias;
import org.imagecache.testing.TestDatabase;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasRepositoryIT {
  @TempDir Path dir;
  private final AliasRepository aliases = new AliasRepository();
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

  private ImageAlias alias(String project, String name, long imageId) {
    return new ImageAlias(project, name, "desc of " + name, imageId);
  }

  @Test
  void create_thenFind() {
    ImageAlias a = alias("default", "ubuntu/24.04", first);
    assertThat(aliases.createIfAbsent(session, a)).isTrue();

    assertThat(aliases.find(session, "default", "ubuntu/24.04")).contains(a);
    assertThat(aliases.find(session, "default", "ubuntu/22.04")).isEmpty();
    assertThat(aliases.find(session, "other", "ubuntu/24.04")).isEmpty();
  }

  @Test
  void create_duplicateNameInTheSameProjectIsRefusedByTheUniqueKey() {
    aliases.createIfAbsent(session, alias("default", "x", first));

    assertThat(aliases.createIfAbsent(session, alias("default", "x", second))).isFalse();
    assertThat(aliases.find(session, "default", "x").orElseThrow().imageId()).isEqualTo(first);
  }

  @Test
  void namesByImage_sortedPerImageAndAbsentForAnImageWithout() {
    aliases.createIfAbsent(session, alias("default", "b", first));
    aliases.createIfAbsent(session, alias("default", "a", first));
    aliases.createIfAbsent(session, alias("other", "c", first));

    assertThat(aliases.namesByImage(session, java.util.List.of(first, second)))
        .isEqualTo(java.util.Map.of(first, java.util.List.of("a", "b", "c")));
  }

  @Test
  void create_sameNameInAnotherProjectIsAllowed() {
    aliases.createIfAbsent(session, alias("default", "x", first));
    aliases.createIfAbsent(session, alias("other", "x", second));

    assertThat(aliases.find(session, "other", "x").orElseThrow().imageId()).isEqualTo(second);
    assertThat(aliases.list(session, "default")).extracting(ImageAlias::imageId).containsExactly(first);
  }

  @Test
  void create_forAMissingImageFails() {
    assertThatThrownBy(() -> aliases.createIfAbsent(session, alias("default", "x", 9999))).isInstanceOf(DataAccessException.class);
  }

  @Test
  void rename_movesTheName() {
    aliases.createIfAbsent(session, alias("default", "old", first));

    assertThat(aliases.rename(session, "default", "old", "new")).isTrue();

    assertThat(aliases.find(session, "default", "old")).isEmpty();
    assertThat(aliases.find(session, "default", "new")).contains(new ImageAlias("default", "new", "desc of old", first));
    assertThat(aliases.rename(session, "default", "missing", "whatever")).isFalse();
  }

  @Test
  void rename_ontoAnExistingNameFails() {
    aliases.createIfAbsent(session, alias("default", "a", first));
    aliases.createIfAbsent(session, alias("default", "b", second));

    assertThatThrownBy(() -> aliases.rename(session, "default", "a", "b")).isInstanceOf(DataAccessException.class);
    assertThat(aliases.find(session, "default", "a")).isPresent();
  }

  @Test
  void update_retargetsAndRedescribes() {
    aliases.createIfAbsent(session, alias("default", "x", first));

    assertThat(aliases.update(session, "default", "x", second, "new description")).isTrue();

    assertThat(aliases.find(session, "default", "x")).contains(new ImageAlias("default", "x", "new description", second));
    assertThat(aliases.update(session, "other", "x", second, "")).isFalse();
  }

  @Test
  void moveAll_pointsEveryAliasOfOneImageAtAnother() {
    aliases.createIfAbsent(session, alias("default", "a", first));
    aliases.createIfAbsent(session, alias("default", "b", first));
    aliases.createIfAbsent(session, alias("other", "c", first));
    aliases.createIfAbsent(session, alias("default", "d", second));

    assertThat(aliases.moveAll(session, first, second)).isEqualTo(3);

    assertThat(aliases.listForImage(session, first)).isEmpty();
    assertThat(aliases.listForImage(session, second)).extracting(ImageAlias::name).containsExactly("a", "b", "c", "d");
  }

  @Test
  void delete_removesOnlyTheNamedAlias() {
    aliases.createIfAbsent(session, alias("default", "x", first));
    aliases.createIfAbsent(session, alias("other", "x", first));

    assertThat(aliases.delete(session, "default", "x")).isTrue();
    assertThat(aliases.delete(session, "default", "x")).isFalse();

    assertThat(aliases.find(session, "default", "x")).isEmpty();
    assertThat(aliases.find(session, "other", "x")).isPresent();
  }

  @Test
  void listForImage_isByName() {
    aliases.createIfAbsent(session, alias("default", "zeta", first));
    aliases.createIfAbsent(session, alias("default", "alpha", first));
    aliases.createIfAbsent(session, alias("default", "mid", second));

    assertThat(aliases.listForImage(session, first)).extracting(ImageAlias::name).containsExactly("alpha", "zeta");
    assertThat(aliases.list(session, "default")).extracting(ImageAlias::name).containsExactly("alpha", "mid", "zeta");
  }
}

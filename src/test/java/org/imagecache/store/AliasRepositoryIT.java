package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.Images.image;

import java.nio.file.Path;
import org.imagecache.image.ImageAlias;
import org.imagecache.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasRepositoryIT {
  @TempDir Path dir;
  private final AliasRepository aliases = new AliasRepository();
  private DSLContext dsl;
  private long first;
  private long second;

  @BeforeEach
  void migrate() {
    dsl = TestDatabase.dsl(dir);
    ImageRepository images = new ImageRepository();
    first = images.insert(dsl, image().fingerprint("aa").build()).id();
    second = images.insert(dsl, image().fingerprint("bb").build()).id();
  }

  private ImageAlias alias(String project, String name, long imageId) {
    return new ImageAlias(project, name, "desc of " + name, imageId);
  }

  @Test
  void create_thenFind() {
    ImageAlias a = aliases.create(dsl, alias("default", "ubuntu/24.04", first));

    assertThat(aliases.find(dsl, "default", "ubuntu/24.04")).contains(a);
    assertThat(aliases.find(dsl, "default", "ubuntu/22.04")).isEmpty();
    assertThat(aliases.find(dsl, "other", "ubuntu/24.04")).isEmpty();
  }

  @Test
  void create_duplicateNameInTheSameProjectFails() {
    aliases.create(dsl, alias("default", "x", first));

    assertThatThrownBy(() -> aliases.create(dsl, alias("default", "x", second))).isInstanceOf(DataAccessException.class);
    assertThat(aliases.find(dsl, "default", "x").orElseThrow().imageId()).isEqualTo(first);
  }

  @Test
  void create_sameNameInAnotherProjectIsAllowed() {
    aliases.create(dsl, alias("default", "x", first));
    aliases.create(dsl, alias("other", "x", second));

    assertThat(aliases.find(dsl, "other", "x").orElseThrow().imageId()).isEqualTo(second);
    assertThat(aliases.list(dsl, "default")).extracting(ImageAlias::imageId).containsExactly(first);
  }

  @Test
  void create_forAMissingImageFails() {
    assertThatThrownBy(() -> aliases.create(dsl, alias("default", "x", 9999))).isInstanceOf(DataAccessException.class);
  }

  @Test
  void rename_movesTheName() {
    aliases.create(dsl, alias("default", "old", first));

    assertThat(aliases.rename(dsl, "default", "old", "new")).isTrue();

    assertThat(aliases.find(dsl, "default", "old")).isEmpty();
    assertThat(aliases.find(dsl, "default", "new")).contains(new ImageAlias("default", "new", "desc of old", first));
    assertThat(aliases.rename(dsl, "default", "missing", "whatever")).isFalse();
  }

  @Test
  void rename_ontoAnExistingNameFails() {
    aliases.create(dsl, alias("default", "a", first));
    aliases.create(dsl, alias("default", "b", second));

    assertThatThrownBy(() -> aliases.rename(dsl, "default", "a", "b")).isInstanceOf(DataAccessException.class);
    assertThat(aliases.find(dsl, "default", "a")).isPresent();
  }

  @Test
  void update_retargetsAndRedescribes() {
    aliases.create(dsl, alias("default", "x", first));

    assertThat(aliases.update(dsl, "default", "x", second, "new description")).isTrue();

    assertThat(aliases.find(dsl, "default", "x")).contains(new ImageAlias("default", "x", "new description", second));
    assertThat(aliases.update(dsl, "other", "x", second, "")).isFalse();
  }

  @Test
  void moveAll_pointsEveryAliasOfOneImageAtAnother() {
    aliases.create(dsl, alias("default", "a", first));
    aliases.create(dsl, alias("default", "b", first));
    aliases.create(dsl, alias("other", "c", first));
    aliases.create(dsl, alias("default", "d", second));

    assertThat(aliases.moveAll(dsl, first, second)).isEqualTo(3);

    assertThat(aliases.listForImage(dsl, first)).isEmpty();
    assertThat(aliases.listForImage(dsl, second)).extracting(ImageAlias::name).containsExactly("a", "b", "c", "d");
  }

  @Test
  void delete_removesOnlyTheNamedAlias() {
    aliases.create(dsl, alias("default", "x", first));
    aliases.create(dsl, alias("other", "x", first));

    assertThat(aliases.delete(dsl, "default", "x")).isTrue();
    assertThat(aliases.delete(dsl, "default", "x")).isFalse();

    assertThat(aliases.find(dsl, "default", "x")).isEmpty();
    assertThat(aliases.find(dsl, "other", "x")).isPresent();
  }

  @Test
  void listForImage_isByName() {
    aliases.create(dsl, alias("default", "zeta", first));
    aliases.create(dsl, alias("default", "alpha", first));
    aliases.create(dsl, alias("default", "mid", second));

    assertThat(aliases.listForImage(dsl, first)).extracting(ImageAlias::name).containsExactly("alpha", "zeta");
    assertThat(aliases.list(dsl, "default")).extracting(ImageAlias::name).containsExactly("alpha", "mid", "zeta");
  }
}

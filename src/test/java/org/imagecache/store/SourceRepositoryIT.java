package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.Images.cachedImage;

import java.nio.file.Path;
import java.time.Instant;
import org.imagecache.image.ImageSource;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.testing.Images;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRepositoryIT {
  private static final Instant DAY1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant DAY2 = Instant.parse("2025-01-02T00:00:00Z");
  private static final Instant DAY3 = Instant.parse("2025-01-03T00:00:00Z");
  private static final ImageSource NOBLE =
      new ImageSource("https://images.linuxcontainers.org", "simplestreams", "", "ubuntu/24.04");

  @TempDir Path dir;
  private final ImageRepository images = new ImageRepository();
  private final SourceRepository sources = new SourceRepository();
  private Session session;
  private int next;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
  }

  /** Stores the image (with a fresh fingerprint) and gives it the source. */
  private LocalImage cached(Images builder, ImageSource source) {
    LocalImage stored = images.insert(session, builder.fingerprint(Integer.toHexString(0x100 + next++)).build());
    sources.put(session, stored.id(), source);
    return stored;
  }

  private java.util.Optional<LocalImage> preferred() {
    return sources.findPreferred(session, "default", NOBLE, "x86_64", ImageType.CONTAINER);
  }

  @Test
  void put_thenFind() {
    LocalImage image = images.insert(session, cachedImage().build());

    sources.put(session, image.id(), NOBLE);

    assertThat(sources.find(session, image.id())).contains(NOBLE);
  }

  @Test
  void put_againReplacesTheSource() {
    LocalImage image = images.insert(session, cachedImage().build());
    ImageSource pinned = new ImageSource("https://mirror.example.org", "simplestreams", "ab".repeat(32), "ubuntu/noble");
    sources.put(session, image.id(), NOBLE);

    sources.put(session, image.id(), pinned);

    assertThat(sources.find(session, image.id())).contains(pinned);
    assertThat(session.dsl().fetchCount(org.imagecache.store.jooq.Tables.IMAGE_SOURCES)).isEqualTo(1);
  }

  @Test
  void find_withoutSourceIsEmpty() {
    LocalImage image = images.insert(session, cachedImage().build());

    assertThat(sources.find(session, image.id())).isEmpty();
  }

  @Test
  void move_handsTheSourceToTheNewRevision() {
    LocalImage old = cached(cachedImage(), NOBLE);
    LocalImage fresh = cached(cachedImage(), new ImageSource("https://other", "simplestreams", "", "stale"));

    assertThat(sources.move(session, old.id(), fresh.id())).isTrue();

    assertThat(sources.find(session, old.id())).isEmpty();
    assertThat(sources.find(session, fresh.id())).contains(NOBLE);
  }

  @Test
  void move_fromAnImageWithoutSourceReturnsFalse() {
    LocalImage a = images.insert(session, cachedImage().fingerprint("aa").build());
    LocalImage b = images.insert(session, cachedImage().fingerprint("bb").build());

    assertThat(sources.move(session, a.id(), b.id())).isFalse();
  }

  @Test
  void findPreferred_picksTheNewestCreated() {
    cached(cachedImage().createdAt(DAY1), NOBLE);
    LocalImage newest = cached(cachedImage().createdAt(DAY3), NOBLE);
    cached(cachedImage().createdAt(DAY2), NOBLE);

    assertThat(preferred()).contains(newest);
  }

  @Test
  void findPreferred_ignoresImagesThatDoNotMatch() {
    LocalImage match = cached(cachedImage().createdAt(DAY1), NOBLE);
    cached(cachedImage().createdAt(DAY3).autoUpdate(false), NOBLE);
    cached(Images.image().autoUpdate(true).createdAt(DAY3), NOBLE);
    cached(cachedImage().createdAt(DAY3).arch("aarch64"), NOBLE);
    cached(cachedImage().createdAt(DAY3).type(ImageType.VIRTUAL_MACHINE), NOBLE);
    cached(cachedImage().createdAt(DAY3).project("other"), NOBLE);
    cached(cachedImage().createdAt(DAY3), new ImageSource(NOBLE.server(), NOBLE.protocol(), "", "ubuntu/22.04"));
    cached(cachedImage().createdAt(DAY3), new ImageSource("https://mirror.example.org", NOBLE.protocol(), "", NOBLE.alias()));
    cached(cachedImage().createdAt(DAY3), new ImageSource(NOBLE.server(), "lxd", "", NOBLE.alias()));

    assertThat(preferred()).contains(match);
  }

  @Test
  void findPreferred_withNothingMatchingIsEmpty() {
    cached(cachedImage().autoUpdate(false), NOBLE);

    assertThat(preferred()).isEmpty();
  }

  @Test
  void findPreferred_withoutCreatedAtFallsBackToNewestUpload() {
    cached(cachedImage().uploadedAt(DAY1), NOBLE);
    LocalImage later = cached(cachedImage().uploadedAt(DAY2), NOBLE);

    assertThat(preferred()).contains(later);
  }

  @Test
  void findPreferred_prefersAKnownCreatedAtOverUnknown() {
    LocalImage dated = cached(cachedImage().createdAt(DAY1).uploadedAt(DAY1), NOBLE);
    cached(cachedImage().uploadedAt(DAY3), NOBLE);

    assertThat(preferred()).contains(dated);
  }
}

package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.Fingerprints.fp;
import static org.imagecache.testing.Images.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.imagecache.image.ImageAlias;
import org.imagecache.image.ImageSource;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.testing.Leases;
import org.imagecache.testing.TestDatabase;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRepositoryIT {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123Z");

  @TempDir Path dir;
  private final ImageRepository images = new ImageRepository();
  private Session session;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
  }

  private LocalImage insert(LocalImage image) {
    return images.insert(session, image);
  }

  @Test
  void insert_assignsAnIdAndEveryFieldRoundTrips() {
    LocalImage image = image().project("p1").fingerprint("ab12").filename("lxd.tar.xz").size(4096).arch("aarch64")
        .type(ImageType.VIRTUAL_MACHINE).unified().cached().autoUpdate(true).pinned()
        .createdAt(T0.minusSeconds(3600)).uploadedAt(T0).lastUsedAt(T0.plusSeconds(1)).nextUpdateAt(T0.plusSeconds(7200))
        .build();

    LocalImage stored = insert(image);

    assertThat(stored.id()).isPositive();
    assertThat(stored).isEqualTo(image.withId(stored.id()));
    assertThat(images.findById(session, stored.id())).contains(stored);
  }

  @Test
  void insertIfAbsent_leavesTheProjectsRecordOfThatFingerprintAsItIs() {
    LocalImage first = images.insertIfAbsent(session, image().project("p1").fingerprint("ab12").size(10).build()).orElseThrow();

    assertThat(images.insertIfAbsent(session, image().project("p1").fingerprint("ab12").size(99).pinned().build())).isEmpty();
    assertThat(images.findByFingerprint(session, "p1", first.fingerprint())).contains(first);
    assertThat(images.insertIfAbsent(session, image().project("p2").fingerprint("ab12").build()))
        .hasValueSatisfying(other -> assertThat(other.id()).isNotEqualTo(first.id()));
  }

  @Test
  void insertIfAbsent_stillRefusesARecordThatBreaksAnotherRule() {
    assertThatThrownBy(() -> images.insertIfAbsent(session, image().fingerprint("ab12").size(-1).build()))
        .isInstanceOf(DataAccessException.class).satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("check constraint"));
  }

  @Test
  void insert_keepsNullTimesNull() {
    LocalImage stored = insert(image().build());

    LocalImage found = images.findById(session, stored.id()).orElseThrow();
    assertThat(found.createdAt()).isNull();
    assertThat(found.lastUsedAt()).isNull();
    assertThat(found.nextUpdateAt()).isNull();
    assertThat(found.unified()).isFalse();
    assertThat(found.cached()).isFalse();
  }

  @Test
  void insert_duplicateProjectAndFingerprintFails() {
    insert(image().project("default").fingerprint("ab").build());

    assertThatThrownBy(() -> insert(image().project("default").fingerprint("ab").size(1).build()))
        .isInstanceOf(DataAccessException.class);
    assertThat(images.list(session, "default")).hasSize(1);
  }

  @Test
  void insert_sameFingerprintInTwoProjectsIsAllowed() {
    LocalImage a = insert(image().project("default").fingerprint("ab").build());
    LocalImage b = insert(image().project("other").fingerprint("ab").build());

    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(images.findByFingerprint(session, "default", fp("ab"))).contains(a);
    assertThat(images.findByFingerprint(session, "other", fp("ab"))).contains(b);
  }

  @Test
  void findByFingerprint_isScopedToTheProject() {
    insert(image().project("default").fingerprint("ab").build());

    assertThat(images.findByFingerprint(session, "other", fp("ab"))).isEmpty();
    assertThat(images.findByFingerprint(session, "default", fp("cd"))).isEmpty();
  }

  @Test
  void findByPrefix_returnsAtMostTwoOfTheProject() {
    insert(image().fingerprint("abcdef1234561").build());
    insert(image().fingerprint("abcdef1234562").build());
    insert(image().fingerprint("abcdef1234563").build());
    LocalImage unique = insert(image().fingerprint("fedcba").build());
    insert(image().project("other").fingerprint("0123456789ab").build());

    assertThat(images.findByPrefix(session, "default", "abcdef123456")).hasSize(2)
        .allMatch(i -> i.fingerprint().hex().startsWith("abcdef123456"));
    assertThat(images.findByPrefix(session, "default", "fedcba000000")).containsExactly(unique);
    assertThat(images.findByPrefix(session, "default", "0123456789ab")).isEmpty();
  }

  @Test
  void isReferenced_looksAcrossProjects() {
    LocalImage other = insert(image().project("other").fingerprint("ab").build());

    assertThat(images.isReferenced(session, fp("ab"))).isTrue();
    assertThat(images.isReferenced(session, fp("cd"))).isFalse();

    images.delete(session, other.id());

    assertThat(images.isReferenced(session, fp("ab"))).isFalse();
  }

  @Test
  void listReferencedFingerprints_isDistinctAcrossProjects() {
    insert(image().project("default").fingerprint("ab").build());
    insert(image().project("other").fingerprint("ab").build());
    insert(image().project("other").fingerprint("cd").build());

    assertThat(images.listReferencedFingerprints(session)).containsExactly(fp("ab"), fp("cd"));
  }

  @Test
  void list_isPerProjectInIdOrder_listAllCoversEveryProject() {
    LocalImage a = insert(image().project("default").fingerprint("ab").build());
    LocalImage b = insert(image().project("other").fingerprint("cd").build());
    LocalImage c = insert(image().project("default").fingerprint("ef").build());

    assertThat(images.list(session, "default")).containsExactly(a, c);
    assertThat(images.listAll(session)).containsExactly(a, b, c);
  }

  @Test
  void markUsed_setsLastUsed() {
    LocalImage stored = insert(image().build());

    assertThat(images.markUsed(session, stored.id(), T0)).isTrue();

    assertThat(images.findById(session, stored.id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
    assertThat(images.markUsed(session, stored.id() + 100, T0)).isFalse();
  }

  @Test
  void setAutoUpdateAndPinned_flipTheFlags() {
    LocalImage stored = insert(image().build());

    assertThat(images.setAutoUpdate(session, stored.id(), true)).isTrue();
    assertThat(images.setPinned(session, stored.id(), true)).isTrue();
    LocalImage on = images.findById(session, stored.id()).orElseThrow();
    assertThat(on.autoUpdate()).isTrue();
    assertThat(on.pinned()).isTrue();

    images.setAutoUpdate(session, stored.id(), false);
    images.setPinned(session, stored.id(), false);
    LocalImage off = images.findById(session, stored.id()).orElseThrow();
    assertThat(off.autoUpdate()).isFalse();
    assertThat(off.pinned()).isFalse();
    assertThat(images.setPinned(session, 999, true)).isFalse();
  }

  @Test
  void setNextUpdate_setsAndClears() {
    LocalImage stored = insert(image().build());

    images.setNextUpdate(session, stored.id(), T0);
    assertThat(images.findById(session, stored.id()).orElseThrow().nextUpdateAt()).isEqualTo(T0);

    images.setNextUpdate(session, stored.id(), null);
    assertThat(images.findById(session, stored.id()).orElseThrow().nextUpdateAt()).isNull();
  }

  @Test
  void delete_removesTheRecordOnce() {
    LocalImage stored = insert(image().build());

    assertThat(images.delete(session, stored.id())).isTrue();
    assertThat(images.findById(session, stored.id())).isEmpty();
    assertThat(images.delete(session, stored.id())).isFalse();
  }

  @Test
  void delete_cascadesAliasesPropertiesAndSource() {
    LocalImage doomed = insert(image().fingerprint("ab").build());
    LocalImage kept = insert(image().fingerprint("cd").build());
    AliasRepository aliases = new AliasRepository();
    PropertyRepository properties = new PropertyRepository();
    SourceRepository sources = new SourceRepository();
    ImageSource source = new ImageSource("https://images.linuxcontainers.org", "simplestreams", "", "alpine/3.20");
    for (LocalImage i : new LocalImage[] {doomed, kept}) {
      aliases.createIfAbsent(session, new ImageAlias("default", "alias-" + i.id(), "", i.id()));
      properties.replaceAll(session, i.id(), Map.of("os", "Alpine"));
      sources.put(session, i.id(), source);
    }

    images.delete(session, doomed.id());

    assertThat(aliases.listForImage(session, doomed.id())).isEmpty();
    assertThat(properties.find(session, doomed.id())).isEmpty();
    assertThat(sources.find(session, doomed.id())).isEmpty();
    assertThat(aliases.listForImage(session, kept.id())).hasSize(1);
    assertThat(properties.find(session, kept.id())).containsEntry("os", "Alpine");
    assertThat(sources.find(session, kept.id())).contains(source);
  }

  @Test
  void delete_ofAnImageALeaseNamesFailsAndKeepsIt() {
    LocalImage leased = insert(image().build());
    new LeaseRepository().create(session, Leases.instance("lease-1", leased.id(), T0));

    assertThatThrownBy(() -> images.delete(session, leased.id())).isInstanceOf(DataAccessException.class);

    assertThat(images.findById(session, leased.id())).contains(leased);
  }
}

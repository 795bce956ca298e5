package org.imagecache.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.imagecache.store.SupersededRepository.Superseded;
import org.imagecache.testing.Images;
import org.junit.jupiter.api.Test;

class RevisionPolicyTest {
  static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
  static final String A = "https://a/ simplestreams testos/1";
  static final String B = "https://a/ simplestreams testos/2";
  /** Long after the test images were downloaded: the fresh grace protects none of them. */
  static final Instant NOW = Images.UPLOADED.plus(Duration.ofDays(1));
  static final Duration GRACE = Duration.ofHours(1);

  private static Superseded s(long id, String project, String sourceKey, int minutes) {
    return new Superseded(Images.cachedImage().project(project).fingerprint(String.format("%02x", id)).build().withId(id),
        sourceKey, "ff", T.plusSeconds(60L * minutes));
  }

  private static List<Long> ids(List<Superseded> list) {
    return list.stream().map(x -> x.image().id()).toList();
  }

  @Test
  void beyondKeep_none_isEmpty() {
    assertThat(RevisionPolicy.beyondKeep(List.of(), 0)).isEmpty();
    assertThat(RevisionPolicy.beyondKeep(List.of(), 3)).isEmpty();
  }

  @Test
  void beyondKeep_keepZero_returnsEverythingInOrder() {
    List<Superseded> all = List.of(s(3, "default", A, 3), s(2, "default", A, 2), s(1, "default", A, 1));
    assertThat(ids(RevisionPolicy.beyondKeep(all, 0))).containsExactly(3L, 2L, 1L);
  }

  @Test
  void beyondKeep_keepsTheNewestKOfASource_returnsTheRestInOrder() {
    List<Superseded> all = List.of(s(4, "default", A, 4), s(3, "default", A, 3), s(2, "default", A, 2), s(1, "default", A, 1));
    assertThat(ids(RevisionPolicy.beyondKeep(all, 1))).containsExactly(3L, 2L, 1L);
    assertThat(ids(RevisionPolicy.beyondKeep(all, 2))).containsExactly(2L, 1L);
    assertThat(ids(RevisionPolicy.beyondKeep(all, 4))).isEmpty();
    assertThat(ids(RevisionPolicy.beyondKeep(all, 10))).isEmpty();
  }

  @Test
  void beyondKeep_countsPerSourceKey() {
    List<Superseded> all = List.of(s(4, "default", A, 4), s(3, "default", A, 3), s(2, "default", B, 2), s(1, "default", B, 1));
    assertThat(ids(RevisionPolicy.beyondKeep(all, 1))).containsExactly(3L, 1L);
  }

  @Test
  void beyondKeep_countsPerProject() {
    List<Superseded> all = List.of(s(4, "default", A, 4), s(3, "other", A, 3), s(2, "default", A, 2), s(1, "other", A, 1));
    assertThat(ids(RevisionPolicy.beyondKeep(all, 1))).containsExactly(2L, 1L);
    assertThat(ids(RevisionPolicy.beyondKeep(all, 2))).isEmpty();
  }

  @Test
  void beyondKeep_sameSourceKeyTextInAnotherProject_isNotConfused() {
    // the key joins project and source; a project name cannot leak into the source key
    List<Superseded> all = List.of(s(2, "p", A, 2), s(1, "p2", A, 1));
    assertThat(ids(RevisionPolicy.beyondKeep(all, 1))).isEmpty();
  }

  @Test
  void collectable_neverPinnedNeverAUsersImageNeverInsideTheFreshGrace() {
    Superseded pinned = new Superseded(Images.cachedImage().fingerprint("0a").pinned().build().withId(10), A, "ff", T);
    Superseded explicit = new Superseded(Images.image().fingerprint("0b").build().withId(11), A, "ff", T);
    Superseded fresh = new Superseded(Images.cachedImage().fingerprint("0c").uploadedAt(NOW.minus(GRACE).plusSeconds(1))
        .build().withId(12), A, "ff", T);
    Superseded justPastGrace = new Superseded(Images.cachedImage().fingerprint("0d").uploadedAt(NOW.minus(GRACE))
        .build().withId(13), A, "ff", T);
    List<Superseded> all = List.of(pinned, explicit, fresh, justPastGrace);
    assertThat(ids(RevisionPolicy.collectable(all, 0, NOW, GRACE))).containsExactly(13L);
    assertThat(ids(RevisionPolicy.beyondKeep(all, 0))).as("all four are beyond keep").containsExactly(10L, 11L, 12L, 13L);
  }
}

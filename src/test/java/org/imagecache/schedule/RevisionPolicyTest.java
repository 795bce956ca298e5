package org.imagecache.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.imagecache.store.SupersededRepository.Superseded;
import org.imagecache.testing.Images;
import org.junit.jupiter.api.Test;

class RevisionPolicyTest {
  static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
  static final String A = "https://a/ simplestreams testos/1";
  static final String B = "https://a/ simplestreams testos/2";

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
}

package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Member;
import org.imagecache.testing.Sql;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which member holds which image's files, and the members themselves (on SQLite, and on PostgreSQL in the second run). */
class ReplicaRepositoryIT {
  private static final Instant T1 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-02T00:00:00Z");
  private static final Fingerprint A = Fingerprint.of("a".repeat(64));
  private static final Fingerprint B = Fingerprint.of("b".repeat(64));
  private static final Fingerprint C = Fingerprint.of("c".repeat(64));

  @TempDir Path dir;
  private final ReplicaRepository replicas = new ReplicaRepository();
  private final MemberRepository members = new MemberRepository();
  private Session session;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
  }

  @Test
  void holders_areTheMembersThatPutAFingerprint_byName_untilEachDeletesIt() {
    replicas.put(session, A, "cache-2", T1);
    replicas.put(session, A, "cache-1", T1);
    replicas.put(session, B, "cache-2", T1);

    assertThat(replicas.holders(session, List.of(A, B, C))).isEqualTo(Map.of(A, List.of("cache-1", "cache-2"), B, List.of("cache-2")));
    replicas.delete(session, A, "cache-2");
    assertThat(replicas.holders(session, List.of(A, B))).isEqualTo(Map.of(A, List.of("cache-1"), B, List.of("cache-2")));
    assertThat(replicas.heldBy(session, "cache-2")).containsExactly(B);
  }

  @Test
  void unrecordedHeldBy_isWhatTheMemberHoldsThatNoRecordRefersTo() {
    Fingerprint recorded = new ImageRepository().insert(session, org.imagecache.testing.Images.image().fingerprint("aa").build()).fingerprint();
    replicas.put(session, recorded, "cache-1", T1);
    replicas.put(session, B, "cache-1", T1);
    replicas.put(session, C, "cache-2", T1);

    assertThat(replicas.unrecordedHeldBy(session, "cache-1")).containsExactly(B);
    assertThat(replicas.unrecordedHeldBy(session, "cache-2")).containsExactly(C);
    assertThat(replicas.unrecordedHeldBy(session, "cache-3")).isEmpty();
  }

  @Test
  void put_again_movesTheVerificationTime_andAddsNoRow() {
    replicas.put(session, A, "cache-1", T1);
    replicas.put(session, A, "cache-1", T2);
    assertThat(Sql.column(dir.resolve(TestDatabase.FILE_NAME), "SELECT verified_at FROM image_replicas"))
        .containsExactly(String.valueOf(T2.toEpochMilli()));
  }

  @Test
  void reconcile_setsOneMembersRowsToWhatItsDiskHolds_andLeavesTheOthersAlone() {
    replicas.put(session, A, "cache-1", T1);
    replicas.put(session, B, "cache-1", T1);
    replicas.put(session, B, "cache-2", T1);

    ReplicaRepository.Reconciled r = replicas.reconcile(session, "cache-1", Set.of(A, C), T2);

    assertThat(r).isEqualTo(new ReplicaRepository.Reconciled(1, 1));
    assertThat(replicas.heldBy(session, "cache-1")).containsExactlyInAnyOrder(A, C);
    assertThat(replicas.heldBy(session, "cache-2")).containsExactly(B);
    assertThat(replicas.reconcile(session, "cache-1", Set.of(A, C), T2)).isEqualTo(new ReplicaRepository.Reconciled(0, 0));
  }

  @Test
  void members_startedAgain_keepOneRowWithTheNewAddress_andCountTheImagesEachHolds() {
    members.started(session, "cache-1", "https://cache-1.example:8443", T1);
    members.started(session, "cache-2", "", T1);
    members.started(session, "cache-1", "https://cache-1.example:9443", T2);
    replicas.put(session, A, "cache-1", T1);
    replicas.put(session, B, "cache-1", T1);

    assertThat(members.list(session)).containsExactly(
        new Member("cache-1", "https://cache-1.example:9443", T2, T2, 2),
        new Member("cache-2", "", T1, T1, 0));
  }
}

package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.imagecache.image.DownloadClaim;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Peer;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who downloads which image for the tier: claims, heartbeats, takeovers and fencing (on SQLite, and on PostgreSQL in the second run). */
class ClaimRepositoryIT {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Fingerprint A = Fingerprint.of("a".repeat(64));
  private static final Fingerprint B = Fingerprint.of("b".repeat(64));

  @TempDir Path dir;
  private final ClaimRepository claims = new ClaimRepository();
  private Session session;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
  }

  private Optional<DownloadClaim> claim(Fingerprint fp, String member, Instant at) {
    return claims.claim(session, fp, member, at, at.plus(LEASE));
  }

  @Test
  void theFirstClaim_isItsOwnersWithGenerationOne_andAnotherMemberGetsNone() {
    assertThat(claim(A, "cache-1", T0)).contains(new DownloadClaim(A, "cache-1", 1, T0.plus(LEASE)));

    assertThat(claim(A, "cache-2", T0.plusSeconds(1))).isEmpty();
    assertThat(claims.current(session, A)).contains(new DownloadClaim(A, "cache-1", 1, T0.plus(LEASE)));
    assertThat(claim(B, "cache-2", T0.plusSeconds(1))).as("another image is free").isPresent();
  }

  @Test
  void anExpiredClaim_isTakenOverWithTheNextGeneration_andTheFormerOwnerIsFenced() {
    DownloadClaim first = claim(A, "cache-1", T0).orElseThrow();
    Instant late = T0.plus(LEASE);

    DownloadClaim second = claim(A, "cache-2", late).orElseThrow();

    assertThat(second).isEqualTo(new DownloadClaim(A, "cache-2", 2, late.plus(LEASE)));
    assertThat(claims.renew(session, first, late.plus(LEASE))).as("the former owner's heartbeat").isFalse();
    assertThat(claims.release(session, first)).as("the former owner's release").isFalse();
    assertThat(claims.current(session, A)).contains(second);
  }

  @Test
  void aHeartbeat_keepsTheClaimFromBeingTakenOver() {
    DownloadClaim first = claim(A, "cache-1", T0).orElseThrow();
    Instant beat = T0.plusSeconds(15);

    assertThat(claims.renew(session, first, beat.plus(LEASE))).isTrue();

    assertThat(claim(A, "cache-2", T0.plus(LEASE))).as("past the first lease, inside the renewed one").isEmpty();
    assertThat(claim(A, "cache-2", beat.plus(LEASE))).isPresent();
  }

  @Test
  void aReleasedClaim_isFreeForAFreshOne_andOneMembersStartDropsOnlyItsOwn() {
    DownloadClaim first = claim(A, "cache-1", T0).orElseThrow();
    assertThat(claim(B, "cache-2", T0)).isPresent();

    assertThat(claims.release(session, first)).isTrue();
    assertThat(claims.current(session, A)).isEmpty();
    assertThat(claim(A, "cache-3", T0.plusSeconds(1))).map(DownloadClaim::generation).contains(1L);

    assertThat(claims.releaseAllOf(session, "cache-2")).isEqualTo(1);
    assertThat(claims.current(session, B)).isEmpty();
    assertThat(claims.current(session, A)).map(DownloadClaim::owner).contains("cache-3");
  }

  @Test
  void theTierSecret_isTheFirstMembersForEveryMember_andAPeerCarriesItsPublishedCertificate() {
    MemberRepository members = new MemberRepository();
    assertThat(members.tierSecret(session, "first")).isEqualTo("first");
    assertThat(members.tierSecret(session, "second")).isEqualTo("first");

    members.started(session, "cache-1", "https://127.0.0.1:8443", T0);
    assertThat(members.peer(session, "cache-1")).contains(new Peer("cache-1", "https://127.0.0.1:8443", ""));
    members.certificate(session, "cache-1", "ab".repeat(32));
    assertThat(members.peer(session, "cache-1")).contains(new Peer("cache-1", "https://127.0.0.1:8443", "ab".repeat(32)));
    assertThat(members.peer(session, "cache-9")).isEmpty();
  }
}

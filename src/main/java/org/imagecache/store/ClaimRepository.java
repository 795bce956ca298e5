package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGE_CLAIMS;

import java.time.Instant;
import java.util.Optional;
import org.imagecache.image.DownloadClaim;
import org.imagecache.image.Fingerprint;
import org.jooq.Record4;
import org.jooq.SQLDialect;

/**
 * The {@code image_claims} table: which member downloads which fingerprint from the upstream for the
 * tier. One statement claims a free or expired row ({@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE
 * expires_at <= now}; a concurrent claim waits for this one's commit and then finds the row fresh), read
 * back in the same transaction; no lock outlives the transaction, none is taken at session level; renewals
 * and the release name the generation, so that an owner that was taken over from changes nothing.
 */
public final class ClaimRepository {
  /** The channel a release or a takeover is told on (PostgreSQL's {@code NOTIFY}), with the fingerprint as payload. */
  public static final String CHANNEL = "imagecache_claims";

  /**
   * Claims the fingerprint for {@code member} until {@code until}, when nobody holds it or its claim had
   * expired at {@code now} (then with the next generation). Empty when another member's claim stands.
   */
  public Optional<DownloadClaim> claim(Session session, Fingerprint fp, String member, Instant now, Instant until) {
    int taken = session.dsl().insertInto(IMAGE_CLAIMS, IMAGE_CLAIMS.FINGERPRINT, IMAGE_CLAIMS.OWNER, IMAGE_CLAIMS.GENERATION,
            IMAGE_CLAIMS.EXPIRES_AT)
        .values(fp.hex(), member, 1L, until.toEpochMilli())
        .onConflict(IMAGE_CLAIMS.FINGERPRINT).doUpdate()
        .set(IMAGE_CLAIMS.OWNER, member)
        .set(IMAGE_CLAIMS.GENERATION, IMAGE_CLAIMS.GENERATION.plus(1L))
        .set(IMAGE_CLAIMS.EXPIRES_AT, until.toEpochMilli())
        .where(IMAGE_CLAIMS.EXPIRES_AT.le(now.toEpochMilli()))
        .execute();
    if (taken == 0) {
      return Optional.empty();
    }
    // read back in the same transaction (jOOQ emulates RETURNING on SQLite with a read by rowid, which
    // misses an upsert's update): this member's row until it commits and for as long as it is fresh
    Optional<DownloadClaim> mine = current(session, fp);
    if (mine.isPresent() && mine.get().generation() > 1) {
      notify(session, fp); // a takeover: whoever waits on the former owner looks again
    }
    return mine;
  }

  /** The claim on the fingerprint, if any (expired or not). */
  public Optional<DownloadClaim> current(Session session, Fingerprint fp) {
    return session.dsl().select(IMAGE_CLAIMS.FINGERPRINT, IMAGE_CLAIMS.OWNER, IMAGE_CLAIMS.GENERATION, IMAGE_CLAIMS.EXPIRES_AT)
        .from(IMAGE_CLAIMS).where(IMAGE_CLAIMS.FINGERPRINT.eq(fp.hex()))
        .fetchOptional().map(ClaimRepository::claimOf);
  }

  /** Extends the claim to {@code until}; false when it is no longer this generation's (taken over: fenced). */
  public boolean renew(Session session, DownloadClaim claim, Instant until) {
    return session.dsl().update(IMAGE_CLAIMS).set(IMAGE_CLAIMS.EXPIRES_AT, until.toEpochMilli())
        .where(IMAGE_CLAIMS.FINGERPRINT.eq(claim.fingerprint().hex()), IMAGE_CLAIMS.OWNER.eq(claim.owner()),
            IMAGE_CLAIMS.GENERATION.eq(claim.generation()))
        .execute() == 1;
  }

  /**
   * Gives the claim up (the download is over, well or not) and tells the waiting members; false when it
   * was no longer this generation's.
   */
  public boolean release(Session session, DownloadClaim claim) {
    boolean held = session.dsl().deleteFrom(IMAGE_CLAIMS)
        .where(IMAGE_CLAIMS.FINGERPRINT.eq(claim.fingerprint().hex()), IMAGE_CLAIMS.OWNER.eq(claim.owner()),
            IMAGE_CLAIMS.GENERATION.eq(claim.generation()))
        .execute() == 1;
    if (held) {
      notify(session, claim.fingerprint());
    }
    return held;
  }

  /** Drops every claim of {@code member} (at its start: a claim from before cannot be its own download any more). */
  public int releaseAllOf(Session session, String member) {
    return session.dsl().deleteFrom(IMAGE_CLAIMS).where(IMAGE_CLAIMS.OWNER.eq(member)).execute();
  }

  /** Tells the listening members, at commit, that the fingerprint's claim changed (PostgreSQL only). */
  private static void notify(Session session, Fingerprint fp) {
    if (session.dsl().dialect().family() == SQLDialect.POSTGRES) {
      session.dsl().execute("SELECT pg_notify(?, ?)", CHANNEL, fp.hex());
    }
  }

  private static DownloadClaim claimOf(Record4<String, String, Long, Long> r) {
    return new DownloadClaim(Fingerprint.of(r.value1()), r.value2(), r.value3(), Instant.ofEpochMilli(r.value4()));
  }
}

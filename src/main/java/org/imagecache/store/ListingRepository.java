package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.MIRROR_LISTINGS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagecache.image.Fingerprint;
import org.imagecache.store.jooq.tables.records.MirrorListingsRecord;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep2;
import org.jooq.impl.DSL;

/**
 * The {@code mirror_listings} table: when the mirror last listed each fingerprint to a client. A row
 * only ever moves forward in time.
 */
public final class ListingRepository {
  /** Rows per statement: far below every engine's bound on bind values. */
  private static final int CHUNK = 500;

  /** Records that these fingerprints were listed at {@code at}; a later time already recorded stays. */
  public void listed(Session session, Collection<Fingerprint> fingerprints, Instant at) {
    DSLContext dsl = session.dsl();
    List<Fingerprint> all = new ArrayList<>(fingerprints);
    for (int from = 0; from < all.size(); from += CHUNK) {
      InsertValuesStep2<MirrorListingsRecord, String, Long> insert = dsl.insertInto(MIRROR_LISTINGS, MIRROR_LISTINGS.FINGERPRINT,
          MIRROR_LISTINGS.LISTED_AT);
      for (Fingerprint f : all.subList(from, Math.min(all.size(), from + CHUNK))) {
        insert = insert.values(f.hex(), at.toEpochMilli());
      }
      insert.onConflict(MIRROR_LISTINGS.FINGERPRINT).doUpdate()
          .set(MIRROR_LISTINGS.LISTED_AT, DSL.excluded(MIRROR_LISTINGS.LISTED_AT))
          .where(MIRROR_LISTINGS.LISTED_AT.lt(DSL.excluded(MIRROR_LISTINGS.LISTED_AT)))
          .execute();
    }
  }

  /** The fingerprints listed after {@code since}, each with when it was last listed. */
  public Map<Fingerprint, Instant> listedAfter(Session session, Instant since) {
    Map<Fingerprint, Instant> out = new HashMap<>();
    session.dsl().selectFrom(MIRROR_LISTINGS).where(MIRROR_LISTINGS.LISTED_AT.gt(since.toEpochMilli()))
        .forEach(r -> out.put(Fingerprint.of(r.getFingerprint()), Instant.ofEpochMilli(r.getListedAt())));
    return out;
  }

  /** When this fingerprint was last listed, if after {@code since}. */
  public Optional<Instant> listedAfter(Session session, Fingerprint fingerprint, Instant since) {
    return session.dsl().select(MIRROR_LISTINGS.LISTED_AT).from(MIRROR_LISTINGS)
        .where(MIRROR_LISTINGS.FINGERPRINT.eq(fingerprint.hex()).and(MIRROR_LISTINGS.LISTED_AT.gt(since.toEpochMilli())))
        .fetchOptional(MIRROR_LISTINGS.LISTED_AT).map(Instant::ofEpochMilli);
  }

  /** Drops the rows of listings older than {@code before}: they protect nothing any more. */
  public int forgetBefore(Session session, Instant before) {
    return session.dsl().deleteFrom(MIRROR_LISTINGS).where(MIRROR_LISTINGS.LISTED_AT.lt(before.toEpochMilli())).execute();
  }
}

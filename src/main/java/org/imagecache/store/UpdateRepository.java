package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;
import static org.imagecache.store.jooq.Tables.IMAGE_SOURCES;
import static org.imagecache.store.jooq.Tables.IMAGE_UPDATES;

import java.time.Instant;
import java.util.List;
import org.imagecache.image.LocalImage;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/** Auto-update bookkeeping: which images are due, and the {@code image_updates} table (failures in a row). */
public final class UpdateRepository {

  /** Images with auto-update on and a source whose next check is due at {@code now}, soonest first. */
  public List<LocalImage> listDue(Session session, Instant now, int limit) {
    DSLContext dsl = session.dsl();
    return dsl.select(IMAGES.fields()).from(IMAGES)
        .join(IMAGE_SOURCES).on(IMAGE_SOURCES.IMAGE_ID.eq(IMAGES.ID))
        .where(IMAGES.AUTO_UPDATE.isTrue(), IMAGES.NEXT_UPDATE_AT.le(now.toEpochMilli()))
        .orderBy(IMAGES.NEXT_UPDATE_AT, IMAGES.ID)
        .limit(limit)
        .fetch(r -> ImageRepository.toImage(r.into(IMAGES)));
  }

  /** Images with auto-update on and a source but no due time yet (set when the interval was 0). */
  public List<LocalImage> listUnscheduled(Session session, int limit) {
    DSLContext dsl = session.dsl();
    return dsl.select(IMAGES.fields()).from(IMAGES)
        .join(IMAGE_SOURCES).on(IMAGE_SOURCES.IMAGE_ID.eq(IMAGES.ID))
        .where(IMAGES.AUTO_UPDATE.isTrue(), IMAGES.NEXT_UPDATE_AT.isNull())
        .orderBy(IMAGES.ID)
        .limit(limit)
        .fetch(r -> ImageRepository.toImage(r.into(IMAGES)));
  }

  /** Failures in a row of the image's updates (0 when none). */
  public int failures(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    Long n = dsl.select(IMAGE_UPDATES.FAILURES).from(IMAGE_UPDATES).where(IMAGE_UPDATES.IMAGE_ID.eq(imageId)).fetchOne(IMAGE_UPDATES.FAILURES);
    return n == null ? 0 : n.intValue();
  }

  /** Records an attempt: success resets the count, failure adds one. Returns the failures now. */
  public int recordAttempt(Session session, long imageId, Instant at, @Nullable String error) {
    DSLContext dsl = session.dsl();
    int failures = error == null ? 0 : failures(session, imageId) + 1;
    dsl.insertInto(IMAGE_UPDATES)
        .set(IMAGE_UPDATES.IMAGE_ID, imageId)
        .set(IMAGE_UPDATES.FAILURES, (long) failures)
        .set(IMAGE_UPDATES.LAST_ATTEMPT_AT, at.toEpochMilli())
        .set(IMAGE_UPDATES.LAST_ERROR, error)
        .onConflict(IMAGE_UPDATES.IMAGE_ID).doUpdate()
        .set(IMAGE_UPDATES.FAILURES, (long) failures)
        .set(IMAGE_UPDATES.LAST_ATTEMPT_AT, at.toEpochMilli())
        .set(IMAGE_UPDATES.LAST_ERROR, error)
        .execute();
    return failures;
  }
}

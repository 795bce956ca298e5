package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;
import static org.imagecache.store.jooq.Tables.SUPERSEDED_IMAGES;

import java.time.Instant;
import java.util.List;
import org.imagecache.image.LocalImage;
import org.jooq.DSLContext;

/** The {@code superseded_images} table: older revisions an update replaced, waiting to go. */
public final class SupersededRepository {

  /** A superseded image, with what it was a revision of and when it was replaced. */
  public record Superseded(LocalImage image, String sourceKey, String replacedBy, Instant supersededAt) {}

  public void mark(Session session, long imageId, String sourceKey, String replacedBy, Instant at) {
    DSLContext dsl = session.dsl();
    dsl.insertInto(SUPERSEDED_IMAGES)
        .set(SUPERSEDED_IMAGES.IMAGE_ID, imageId)
        .set(SUPERSEDED_IMAGES.SOURCE_KEY, sourceKey)
        .set(SUPERSEDED_IMAGES.REPLACED_BY, replacedBy)
        .set(SUPERSEDED_IMAGES.SUPERSEDED_AT, at.toEpochMilli())
        .onConflict(SUPERSEDED_IMAGES.IMAGE_ID).doNothing()
        .execute();
  }

  /** The image is current again (an upstream rollback swapped back to it): it no longer waits to go. */
  public void unmark(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    dsl.deleteFrom(SUPERSEDED_IMAGES).where(SUPERSEDED_IMAGES.IMAGE_ID.eq(imageId)).execute();
  }

  /** Every superseded image, newest revision first within each source. */
  public List<Superseded> listAll(Session session) {
    DSLContext dsl = session.dsl();
    return dsl.select(IMAGES.fields()).select(SUPERSEDED_IMAGES.SOURCE_KEY, SUPERSEDED_IMAGES.REPLACED_BY, SUPERSEDED_IMAGES.SUPERSEDED_AT)
        .from(SUPERSEDED_IMAGES).join(IMAGES).on(IMAGES.ID.eq(SUPERSEDED_IMAGES.IMAGE_ID))
        .orderBy(SUPERSEDED_IMAGES.SOURCE_KEY, SUPERSEDED_IMAGES.SUPERSEDED_AT.desc(), IMAGES.ID.desc())
        .fetch(r -> new Superseded(ImageRepository.toImage(r.into(IMAGES)), r.get(SUPERSEDED_IMAGES.SOURCE_KEY),
            r.get(SUPERSEDED_IMAGES.REPLACED_BY), Instant.ofEpochMilli(r.get(SUPERSEDED_IMAGES.SUPERSEDED_AT))));
  }
}

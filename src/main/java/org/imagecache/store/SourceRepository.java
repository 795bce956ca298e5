package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;
import static org.imagecache.store.jooq.Tables.IMAGE_SOURCES;

import java.util.Optional;
import org.imagecache.image.ImageSource;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.jooq.DSLContext;

/** The {@code image_sources} table: where a cached image came from, one row per image. */
public final class SourceRepository {

  /** Sets (or replaces) the source of an image. */
  public void put(Session session, long imageId, ImageSource source) {
    DSLContext dsl = session.dsl();
    dsl.insertInto(IMAGE_SOURCES)
        .set(IMAGE_SOURCES.IMAGE_ID, imageId)
        .set(IMAGE_SOURCES.SERVER, source.server())
        .set(IMAGE_SOURCES.PROTOCOL, source.protocol())
        .set(IMAGE_SOURCES.CERTIFICATE, source.certificate())
        .set(IMAGE_SOURCES.ALIAS, source.alias())
        .onConflict(IMAGE_SOURCES.IMAGE_ID)
        .doUpdate()
        .set(IMAGE_SOURCES.SERVER, source.server())
        .set(IMAGE_SOURCES.PROTOCOL, source.protocol())
        .set(IMAGE_SOURCES.CERTIFICATE, source.certificate())
        .set(IMAGE_SOURCES.ALIAS, source.alias())
        .execute();
  }

  public Optional<ImageSource> find(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGE_SOURCES)
        .where(IMAGE_SOURCES.IMAGE_ID.eq(imageId))
        .fetchOptional()
        .map(r -> new ImageSource(r.getServer(), r.getProtocol(), r.getCertificate(), r.getAlias()));
  }

  /** The source of every image that has one, by image id (one query). */
  public java.util.Map<Long, ImageSource> sourcesByImage(Session session) {
    DSLContext dsl = session.dsl();
    java.util.Map<Long, ImageSource> out = new java.util.HashMap<>();
    dsl.selectFrom(IMAGE_SOURCES).forEach(r -> out.put(r.getImageId(),
        new ImageSource(r.getServer(), r.getProtocol(), r.getCertificate(), r.getAlias())));
    return out;
  }

  /** Moves the source row of one image to another (an auto-update moving to a new revision). */
  public boolean move(Session session, long fromImageId, long toImageId) {
    DSLContext dsl = session.dsl();
    dsl.deleteFrom(IMAGE_SOURCES).where(IMAGE_SOURCES.IMAGE_ID.eq(toImageId)).execute();
    return dsl.update(IMAGE_SOURCES).set(IMAGE_SOURCES.IMAGE_ID, toImageId)
        .where(IMAGE_SOURCES.IMAGE_ID.eq(fromImageId)).execute() == 1;
  }

  /**
   * The prefer-cached query: the newest cached image of the project, with auto-update on, whose
   * source is this (server, protocol, alias) and which has this architecture and type.
   */
  public Optional<LocalImage> findPreferred(Session session, String project, ImageSource source, String architecture, ImageType type) {
    DSLContext dsl = session.dsl();
    return dsl.select(IMAGES.fields())
        .from(IMAGE_SOURCES)
        .join(IMAGES).on(IMAGES.ID.eq(IMAGE_SOURCES.IMAGE_ID))
        .where(IMAGE_SOURCES.SERVER.eq(source.server()),
            IMAGE_SOURCES.PROTOCOL.eq(source.protocol()),
            IMAGE_SOURCES.ALIAS.eq(source.alias()),
            IMAGES.PROJECT.eq(project),
            IMAGES.ARCHITECTURE.eq(architecture),
            IMAGES.TYPE.eq(type.wireName()),
            IMAGES.CACHED.isTrue(),
            IMAGES.AUTO_UPDATE.isTrue())
        .orderBy(IMAGES.CREATED_AT.desc().nullsLast(), IMAGES.UPLOADED_AT.desc(), IMAGES.ID.desc())
        .limit(1)
        .fetchOptional()
        .map(r -> ImageRepository.toImage(r.into(IMAGES)));
  }
}

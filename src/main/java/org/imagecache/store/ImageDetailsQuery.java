package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;
import static org.imagecache.store.jooq.Tables.IMAGE_ALIASES;
import static org.imagecache.store.jooq.Tables.IMAGE_PROPERTIES;
import static org.imagecache.store.jooq.Tables.IMAGE_SOURCES;
import static org.imagecache.store.jooq.Tables.LEASES;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageAlias;
import org.imagecache.image.ImageDetails;
import org.imagecache.image.ImageFile;
import org.imagecache.image.ImageSource;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/** Reads image records with their aliases, properties, source, leases, files and holders: one query per table, not per image. */
public final class ImageDetailsQuery {

  /** Every image of the project (null: of every project), in id order. */
  public List<ImageDetails> list(Session session, @Nullable String project) {
    DSLContext dsl = session.dsl();
    Condition c = project == null ? IMAGES.ID.isNotNull() : IMAGES.PROJECT.eq(project);
    List<LocalImage> images = dsl.selectFrom(IMAGES).where(c).orderBy(IMAGES.ID).fetch(ImageRepository::toImage);
    return details(dsl, images, c);
  }

  public Optional<ImageDetails> get(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    List<LocalImage> images = dsl.selectFrom(IMAGES).where(IMAGES.ID.eq(imageId)).fetch(ImageRepository::toImage);
    return details(dsl, images, IMAGES.ID.eq(imageId)).stream().findFirst();
  }

  private List<ImageDetails> details(DSLContext dsl, List<LocalImage> images, Condition c) {
    Map<Long, List<ImageAlias>> aliases = new HashMap<>();
    dsl.select(IMAGE_ALIASES.fields()).from(IMAGE_ALIASES).join(IMAGES).on(IMAGES.ID.eq(IMAGE_ALIASES.IMAGE_ID)).where(c)
        .orderBy(IMAGE_ALIASES.NAME)
        .forEach(r -> aliases.computeIfAbsent(r.get(IMAGE_ALIASES.IMAGE_ID), k -> new ArrayList<>())
            .add(new ImageAlias(r.get(IMAGE_ALIASES.PROJECT), r.get(IMAGE_ALIASES.NAME), r.get(IMAGE_ALIASES.DESCRIPTION), r.get(IMAGE_ALIASES.IMAGE_ID))));
    Map<Long, Map<String, String>> properties = new HashMap<>();
    dsl.select(IMAGE_PROPERTIES.IMAGE_ID, IMAGE_PROPERTIES.KEY, IMAGE_PROPERTIES.VALUE).from(IMAGE_PROPERTIES)
        .join(IMAGES).on(IMAGES.ID.eq(IMAGE_PROPERTIES.IMAGE_ID)).where(c)
        .forEach(r -> properties.computeIfAbsent(r.value1(), k -> new TreeMap<>()).put(r.value2(), r.value3()));
    Map<Long, ImageSource> sources = new HashMap<>();
    dsl.select(IMAGE_SOURCES.fields()).from(IMAGE_SOURCES).join(IMAGES).on(IMAGES.ID.eq(IMAGE_SOURCES.IMAGE_ID)).where(c)
        .forEach(r -> sources.put(r.get(IMAGE_SOURCES.IMAGE_ID), new ImageSource(r.get(IMAGE_SOURCES.SERVER),
            r.get(IMAGE_SOURCES.PROTOCOL), r.get(IMAGE_SOURCES.CERTIFICATE), r.get(IMAGE_SOURCES.ALIAS))));
    Map<Long, List<Lease>> leases = new HashMap<>();
    dsl.select(LEASES.fields()).from(LEASES).join(IMAGES).on(IMAGES.ID.eq(LEASES.IMAGE_ID)).where(c)
        .forEach(r -> leases.computeIfAbsent(r.get(LEASES.IMAGE_ID), k -> new ArrayList<>()).add(new Lease(r.get(LEASES.ID),
            r.get(LEASES.IMAGE_ID), r.get(LEASES.PROJECT), r.get(LEASES.HOLDER), Lease.Kind.fromWireName(r.get(LEASES.KIND)),
            Instant.ofEpochMilli(r.get(LEASES.CREATED_AT)), Times.instant(r.get(LEASES.EXPIRES_AT)))));
    List<Fingerprint> fingerprints = images.stream().map(LocalImage::fingerprint).toList();
    Map<Fingerprint, List<ImageFile>> files = new ImageFileRepository().findAll(new Session(dsl), fingerprints);
    Map<Fingerprint, List<String>> holders = new ReplicaRepository().holders(new Session(dsl), fingerprints);
    return images.stream().map(i -> new ImageDetails(i, aliases.getOrDefault(i.id(), List.of()),
        properties.getOrDefault(i.id(), Map.of()), Optional.ofNullable(sources.get(i.id())), leases.getOrDefault(i.id(), List.of()),
        files.getOrDefault(i.fingerprint(), List.of()), holders.getOrDefault(i.fingerprint(), List.of()))).toList();
  }
}

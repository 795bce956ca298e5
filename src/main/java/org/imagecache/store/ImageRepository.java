package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.store.jooq.tables.records.ImagesRecord;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/** The {@code images} table: one record per (project, fingerprint). */
public final class ImageRepository {

  /** Stores a new record; returns it with its id. Fails on a duplicate (project, fingerprint). */
  public LocalImage insert(Session session, LocalImage image) {
    DSLContext dsl = session.dsl();
    return image.withId(dsl.insertInto(IMAGES).set(fields(image)).returning(IMAGES.ID).fetchOne(IMAGES.ID));
  }

  /**
   * Stores a new record unless the project has one of that fingerprint (the unique key decides, on any
   * database and with any number of writers); the new record with its id, or empty.
   */
  public Optional<LocalImage> insertIfAbsent(Session session, LocalImage image) {
    DSLContext dsl = session.dsl();
    return dsl.insertInto(IMAGES).set(fields(image)).onConflictDoNothing().returning(IMAGES.ID)
        .fetchOptional(IMAGES.ID).map(image::withId);
  }

  private static ImagesRecord fields(LocalImage image) {
    ImagesRecord r = new ImagesRecord();
    r.setProject(image.project());
    r.setFingerprint(image.fingerprint().hex());
    r.setFilename(image.filename());
    r.setSize(image.size());
    r.setArchitecture(image.architecture());
    r.setType(image.type().wireName());
    r.setUnified(image.unified());
    r.setCached(image.cached());
    r.setAutoUpdate(image.autoUpdate());
    r.setPinned(image.pinned());
    r.setCreatedAt(Times.millis(image.createdAt()));
    r.setUploadedAt(Times.millis(image.uploadedAt()));
    r.setLastUsedAt(Times.millis(image.lastUsedAt()));
    r.setNextUpdateAt(Times.millis(image.nextUpdateAt()));
    return r;
  }

  public Optional<LocalImage> findById(Session session, long id) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGES).where(IMAGES.ID.eq(id)).fetchOptional().map(ImageRepository::toImage);
  }

  public Optional<LocalImage> findByFingerprint(Session session, String project, Fingerprint fingerprint) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGES)
        .where(IMAGES.PROJECT.eq(project), IMAGES.FINGERPRINT.eq(fingerprint.hex()))
        .fetchOptional()
        .map(ImageRepository::toImage);
  }

  /** Records of the project whose fingerprint starts with the prefix (at most 2: enough to see ambiguity). */
  public List<LocalImage> findByPrefix(Session session, String project, String prefix) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGES)
        .where(IMAGES.PROJECT.eq(project), IMAGES.FINGERPRINT.startsWith(prefix))
        .limit(2)
        .fetch(ImageRepository::toImage);
  }

  /** One record of this fingerprint in any project (the oldest), if any. */
  public Optional<LocalImage> findAnyByFingerprint(Session session, Fingerprint fingerprint) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGES).where(IMAGES.FINGERPRINT.eq(fingerprint.hex())).orderBy(IMAGES.ID).limit(1)
        .fetchOptional().map(ImageRepository::toImage);
  }

  /** Any record, in any project, with this fingerprint: the files are still needed while one exists. */
  public boolean isReferenced(Session session, Fingerprint fingerprint) {
    DSLContext dsl = session.dsl();
    return dsl.fetchExists(IMAGES, IMAGES.FINGERPRINT.eq(fingerprint.hex()));
  }

  public List<LocalImage> list(Session session, String project) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGES).where(IMAGES.PROJECT.eq(project)).orderBy(IMAGES.ID).fetch(ImageRepository::toImage);
  }

  public List<LocalImage> listAll(Session session) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGES).orderBy(IMAGES.ID).fetch(ImageRepository::toImage);
  }

  /** Every fingerprint some record refers to, across projects: the files the store must keep. */
  public Set<Fingerprint> listReferencedFingerprints(Session session) {
    DSLContext dsl = session.dsl();
    return new TreeSet<>(dsl.selectDistinct(IMAGES.FINGERPRINT).from(IMAGES).fetch(r -> Fingerprint.of(r.value1())));
  }

  /** The fingerprints of split virtual-machine images (a metadata tarball and a disk), in any project. */
  public Set<Fingerprint> listVirtualMachineFingerprints(Session session) {
    DSLContext dsl = session.dsl();
    return new TreeSet<>(dsl.selectDistinct(IMAGES.FINGERPRINT).from(IMAGES)
        .where(IMAGES.TYPE.eq(ImageType.VIRTUAL_MACHINE.wireName()).and(IMAGES.UNIFIED.isFalse()))
        .fetch(r -> Fingerprint.of(r.value1())));
  }

  public boolean markUsed(Session session, long id, Instant at) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGES).set(IMAGES.LAST_USED_AT, at.toEpochMilli()).where(IMAGES.ID.eq(id)).execute() == 1;
  }

  public boolean setAutoUpdate(Session session, long id, boolean autoUpdate) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGES).set(IMAGES.AUTO_UPDATE, autoUpdate).where(IMAGES.ID.eq(id)).execute() == 1;
  }

  public boolean setCached(Session session, long id, boolean cached) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGES).set(IMAGES.CACHED, cached).where(IMAGES.ID.eq(id)).execute() == 1;
  }

  public boolean setPinned(Session session, long id, boolean pinned) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGES).set(IMAGES.PINNED, pinned).where(IMAGES.ID.eq(id)).execute() == 1;
  }

  /** Gives a record another's lifecycle state: cached flag, auto-update and due time, last use (pin and files stay). */
  public void takeState(Session session, long id, LocalImage state) {
    DSLContext dsl = session.dsl();
    dsl.update(IMAGES)
        .set(IMAGES.CACHED, state.cached())
        .set(IMAGES.AUTO_UPDATE, state.autoUpdate())
        .set(IMAGES.NEXT_UPDATE_AT, Times.millis(state.nextUpdateAt()))
        .set(IMAGES.LAST_USED_AT, Times.millis(state.lastUsedAt()))
        .where(IMAGES.ID.eq(id))
        .execute();
  }

  public boolean setNextUpdate(Session session, long id, @Nullable Instant at) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGES).set(IMAGES.NEXT_UPDATE_AT, Times.millis(at)).where(IMAGES.ID.eq(id)).execute() == 1;
  }

  /** Deletes one record (aliases, properties and source go with it). Fails while a lease names it. */
  public boolean delete(Session session, long id) {
    DSLContext dsl = session.dsl();
    return dsl.deleteFrom(IMAGES).where(IMAGES.ID.eq(id)).execute() == 1;
  }

  static LocalImage toImage(ImagesRecord r) {
    return new LocalImage(
        r.getId(),
        r.getProject(),
        Fingerprint.of(r.getFingerprint()),
        r.getFilename(),
        r.getSize(),
        r.getArchitecture(),
        ImageType.fromWireName(r.getType()),
        r.getUnified(),
        r.getCached(),
        r.getAutoUpdate(),
        r.getPinned(),
        Times.instant(r.getCreatedAt()),
        Instant.ofEpochMilli(r.getUploadedAt()),
        Times.instant(r.getLastUsedAt()),
        Times.instant(r.getNextUpdateAt()));
  }
}

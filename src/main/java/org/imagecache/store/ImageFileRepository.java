package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;
import static org.imagecache.store.jooq.Tables.IMAGE_FILES;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageFile;
import org.imagecache.store.jooq.tables.records.ImageFilesRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The {@code image_files} table: each fingerprint's files as verified. The facts of a fingerprint never
 * change (the fingerprint fixes the bytes), so a second write of them changes nothing.
 */
public final class ImageFileRepository {

  /** Records the files of a fingerprint; rows it has already stay as they are. */
  public void putAll(Session session, Fingerprint fingerprint, List<ImageFile> files) {
    DSLContext dsl = session.dsl();
    for (ImageFile f : files) {
      dsl.insertInto(IMAGE_FILES)
          .set(IMAGE_FILES.FINGERPRINT, fingerprint.hex())
          .set(IMAGE_FILES.ROLE, f.role().wireName())
          .set(IMAGE_FILES.FTYPE, f.ftype())
          .set(IMAGE_FILES.SIZE, f.size())
          .set(IMAGE_FILES.SHA256, f.sha256())
          .set(IMAGE_FILES.BASENAME, f.basename())
          .onConflictDoNothing()
          .execute();
    }
  }

  /** The files of each of these fingerprints, in one query; a fingerprint without any is absent. */
  public Map<Fingerprint, List<ImageFile>> findAll(Session session, Collection<Fingerprint> fingerprints) {
    DSLContext dsl = session.dsl();
    Map<Fingerprint, List<ImageFile>> out = new HashMap<>();
    dsl.selectFrom(IMAGE_FILES)
        .where(IMAGE_FILES.FINGERPRINT.in(fingerprints.stream().map(Fingerprint::hex).distinct().toList()))
        .orderBy(IMAGE_FILES.FINGERPRINT, DSL.case_(IMAGE_FILES.ROLE).when("metadata", 0).when("unified", 0).otherwise(1))
        .forEach(r -> out.computeIfAbsent(Fingerprint.of(r.getFingerprint()), k -> new java.util.ArrayList<>()).add(toFile(r)));
    return out;
  }

  /** Removes the fingerprint's rows when no image record of any project has it any more. */
  public void deleteIfUnreferenced(Session session, Fingerprint fingerprint) {
    DSLContext dsl = session.dsl();
    dsl.deleteFrom(IMAGE_FILES)
        .where(IMAGE_FILES.FINGERPRINT.eq(fingerprint.hex()))
        .andNotExists(dsl.selectOne().from(IMAGES).where(IMAGES.FINGERPRINT.eq(fingerprint.hex())))
        .execute();
  }

  private static ImageFile toFile(ImageFilesRecord r) {
    return new ImageFile(ImageFile.Role.fromWireName(r.getRole()), r.getFtype(), r.getSize(), r.getSha256(), r.getBasename());
  }
}

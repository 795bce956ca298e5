package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGE_ALIASES;

import java.util.List;
import java.util.Optional;
import org.imagecache.image.ImageAlias;
import org.imagecache.store.jooq.tables.records.ImageAliasesRecord;
import org.jooq.DSLContext;

/** The {@code image_aliases} table: local aliases, unique per project; deleted with their image. */
public final class AliasRepository {

  /** Creates an alias; fails on a duplicate name in the project. */
  public ImageAlias create(DSLContext dsl, ImageAlias alias) {
    ImageAliasesRecord r = dsl.newRecord(IMAGE_ALIASES);
    r.setProject(alias.project());
    r.setName(alias.name());
    r.setDescription(alias.description());
    r.setImageId(alias.imageId());
    r.store();
    return alias;
  }

  public Optional<ImageAlias> find(DSLContext dsl, String project, String name) {
    return dsl.selectFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name))
        .fetchOptional()
        .map(AliasRepository::toAlias);
  }

  public List<ImageAlias> list(DSLContext dsl, String project) {
    return dsl.selectFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.PROJECT.eq(project))
        .orderBy(IMAGE_ALIASES.NAME)
        .fetch(AliasRepository::toAlias);
  }

  public List<ImageAlias> listForImage(DSLContext dsl, long imageId) {
    return dsl.selectFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.IMAGE_ID.eq(imageId))
        .orderBy(IMAGE_ALIASES.NAME)
        .fetch(AliasRepository::toAlias);
  }

  public boolean rename(DSLContext dsl, String project, String name, String newName) {
    return dsl.update(IMAGE_ALIASES).set(IMAGE_ALIASES.NAME, newName)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name)).execute() == 1;
  }

  public boolean update(DSLContext dsl, String project, String name, long imageId, String description) {
    return dsl.update(IMAGE_ALIASES)
        .set(IMAGE_ALIASES.IMAGE_ID, imageId)
        .set(IMAGE_ALIASES.DESCRIPTION, description)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name)).execute() == 1;
  }

  /** Points every alias of one image at another (an auto-update moving to a new revision). */
  public int moveAll(DSLContext dsl, long fromImageId, long toImageId) {
    return dsl.update(IMAGE_ALIASES).set(IMAGE_ALIASES.IMAGE_ID, toImageId)
        .where(IMAGE_ALIASES.IMAGE_ID.eq(fromImageId)).execute();
  }

  public boolean delete(DSLContext dsl, String project, String name) {
    return dsl.deleteFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name)).execute() == 1;
  }

  private static ImageAlias toAlias(ImageAliasesRecord r) {
    return new ImageAlias(r.getProject(), r.getName(), r.getDescription(), r.getImageId());
  }
}

package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGE_ALIASES;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagecache.image.ImageAlias;
import org.imagecache.store.jooq.tables.records.ImageAliasesRecord;
import org.jooq.DSLContext;

/** The {@code image_aliases} table: local aliases, unique per project; deleted with their image. */
public final class AliasRepository {

  /**
   * Creates an alias unless the project has the name already (the unique key decides, on any database
   * and with any number of writers); whether it was created.
   */
  public boolean createIfAbsent(Session session, ImageAlias alias) {
    DSLContext dsl = session.dsl();
    return dsl.insertInto(IMAGE_ALIASES)
        .set(IMAGE_ALIASES.PROJECT, alias.project())
        .set(IMAGE_ALIASES.NAME, alias.name())
        .set(IMAGE_ALIASES.DESCRIPTION, alias.description())
        .set(IMAGE_ALIASES.IMAGE_ID, alias.imageId())
        .onConflictDoNothing()
        .execute() == 1;
  }

  /** The alias names of each of these images, sorted, in one query; an image without any is absent. */
  public Map<Long, List<String>> namesByImage(Session session, Collection<Long> imageIds) {
    DSLContext dsl = session.dsl();
    Map<Long, List<String>> names = new HashMap<>();
    dsl.select(IMAGE_ALIASES.IMAGE_ID, IMAGE_ALIASES.NAME).from(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.IMAGE_ID.in(imageIds))
        .orderBy(IMAGE_ALIASES.NAME)
        .forEach(r -> names.computeIfAbsent(r.value1(), id -> new ArrayList<>()).add(r.value2()));
    return names;
  }

  public Optional<ImageAlias> find(Session session, String project, String name) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name))
        .fetchOptional()
        .map(AliasRepository::toAlias);
  }

  public List<ImageAlias> list(Session session, String project) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.PROJECT.eq(project))
        .orderBy(IMAGE_ALIASES.NAME)
        .fetch(AliasRepository::toAlias);
  }

  public List<ImageAlias> listForImage(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.IMAGE_ID.eq(imageId))
        .orderBy(IMAGE_ALIASES.NAME)
        .fetch(AliasRepository::toAlias);
  }

  public boolean rename(Session session, String project, String name, String newName) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGE_ALIASES).set(IMAGE_ALIASES.NAME, newName)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name)).execute() == 1;
  }

  public boolean update(Session session, String project, String name, long imageId, String description) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGE_ALIASES)
        .set(IMAGE_ALIASES.IMAGE_ID, imageId)
        .set(IMAGE_ALIASES.DESCRIPTION, description)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name)).execute() == 1;
  }

  /** Points every alias of one image at another (an auto-update moving to a new revision). */
  public int moveAll(Session session, long fromImageId, long toImageId) {
    DSLContext dsl = session.dsl();
    return dsl.update(IMAGE_ALIASES).set(IMAGE_ALIASES.IMAGE_ID, toImageId)
        .where(IMAGE_ALIASES.IMAGE_ID.eq(fromImageId)).execute();
  }

  public boolean delete(Session session, String project, String name) {
    DSLContext dsl = session.dsl();
    return dsl.deleteFrom(IMAGE_ALIASES)
        .where(IMAGE_ALIASES.PROJECT.eq(project), IMAGE_ALIASES.NAME.eq(name)).execute() == 1;
  }

  private static ImageAlias toAlias(ImageAliasesRecord r) {
    return new ImageAlias(r.getProject(), r.getName(), r.getDescription(), r.getImageId());
  }
}

package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGE_PROPERTIES;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The {@code image_properties} table: key/value pairs per image record. */
public final class PropertyRepository {

  /** Replaces all properties of an image with these. */
  public void replaceAll(Session session, long imageId, Map<String, String> properties) {
    DSLContext dsl = session.dsl();
    dsl.deleteFrom(IMAGE_PROPERTIES).where(IMAGE_PROPERTIES.IMAGE_ID.eq(imageId)).execute();
    if (properties.isEmpty()) {
      return;
    }
    dsl.insertInto(IMAGE_PROPERTIES, IMAGE_PROPERTIES.IMAGE_ID, IMAGE_PROPERTIES.KEY, IMAGE_PROPERTIES.VALUE)
        .valuesOfRows(properties.entrySet().stream().map(e -> DSL.row(imageId, e.getKey(), e.getValue())).toList())
        .execute();
  }

  /** The properties of an image, by key order. */
  public Map<String, String> find(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    Map<String, String> out = new LinkedHashMap<>();
    dsl.select(IMAGE_PROPERTIES.KEY, IMAGE_PROPERTIES.VALUE)
        .from(IMAGE_PROPERTIES)
        .where(IMAGE_PROPERTIES.IMAGE_ID.eq(imageId))
        .orderBy(IMAGE_PROPERTIES.KEY)
        .forEach(r -> out.put(r.value1(), r.value2()));
    return out;
  }
}

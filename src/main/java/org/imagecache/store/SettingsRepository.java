package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.SETTINGS;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/** The {@code settings} table: runtime values of the images.* keys. */
public final class SettingsRepository {

  public Map<String, String> all(Session session) {
    DSLContext dsl = session.dsl();
    Map<String, String> out = new LinkedHashMap<>();
    dsl.selectFrom(SETTINGS).orderBy(SETTINGS.KEY).forEach(r -> out.put(r.getKey(), r.getValue()));
    return out;
  }

  public void put(Session session, String key, String value, Instant at) {
    DSLContext dsl = session.dsl();
    dsl.insertInto(SETTINGS)
        .set(SETTINGS.KEY, key).set(SETTINGS.VALUE, value).set(SETTINGS.UPDATED_AT, at.toEpochMilli())
        .onConflict(SETTINGS.KEY).doUpdate()
        .set(SETTINGS.VALUE, value).set(SETTINGS.UPDATED_AT, at.toEpochMilli())
        .execute();
  }

  public boolean delete(Session session, String key) {
    DSLContext dsl = session.dsl();
    return dsl.deleteFrom(SETTINGS).where(SETTINGS.KEY.eq(key)).execute() == 1;
  }
}

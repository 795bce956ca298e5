package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.CACHE_EVENTS;

import java.util.ArrayList;
import java.util.List;
import org.imagecache.image.CacheEvent;
import org.imagecache.store.jooq.tables.records.CacheEventsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The {@code cache_events} table: the audit log, appended to and read newest first in pages. */
public final class EventRepository {

  public CacheEvent append(Session session, CacheEvent event) {
    DSLContext dsl = session.dsl();
    CacheEventsRecord r = dsl.newRecord(CACHE_EVENTS);
    r.setAt(event.at().toEpochMilli());
    r.setKind(event.kind());
    r.setFingerprint(event.fingerprint());
    r.setProject(event.project());
    r.setReason(event.reason());
    r.setBytes(event.bytes());
    r.setDetail(event.detail());
    r.store();
    return new CacheEvent(r.getId(), event.at(), event.kind(), event.fingerprint(), event.project(),
        event.reason(), event.bytes(), event.detail());
  }

  /** Newest first. */
  public List<CacheEvent> page(Session session, CacheEvent.Query q) {
    DSLContext dsl = session.dsl();
    List<Condition> where = new ArrayList<>();
    if (q.kind() != null) {
      where.add(CACHE_EVENTS.KIND.eq(q.kind()));
    }
    if (q.fingerprint() != null) {
      where.add(CACHE_EVENTS.FINGERPRINT.startsWith(q.fingerprint()));
    }
    if (q.beforeId() > 0) {
      where.add(CACHE_EVENTS.ID.lt(q.beforeId()));
    }
    return dsl.selectFrom(CACHE_EVENTS)
        .where(where.isEmpty() ? DSL.noCondition() : DSL.and(where))
        .orderBy(CACHE_EVENTS.ID.desc())
        .limit(q.limit())
        .fetch(EventRepository::toEvent);
  }

  private static CacheEvent toEvent(CacheEventsRecord r) {
    return new CacheEvent(r.getId(), java.time.Instant.ofEpochMilli(r.getAt()), r.getKind(), r.getFingerprint(),
        r.getProject(), r.getReason(), r.getBytes(), r.getDetail());
  }
}

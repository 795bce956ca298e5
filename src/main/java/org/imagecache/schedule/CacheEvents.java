package org.imagecache.schedule;

import io.vertx.core.Future;
import java.util.List;
import org.imagecache.image.CacheEvent;
import org.imagecache.store.Database;
import org.imagecache.store.EventRepository;

/** The cache's audit log as operators read it: pages, newest first. */
public final class CacheEvents {
  private final Database db;
  private final EventRepository events = new EventRepository();

  public CacheEvents(Database db) {
    this.db = db;
  }

  public Future<List<CacheEvent>> page(CacheEvent.Query query) {
    return db.read(session -> events.page(session, query));
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.image.Fingerprint;
import org.imagecache.store.Database;
import org.imagecache.store.ListingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mirror has listed to its clients, and so must still be able to serve: LXD caches a products
 * file for an hour and then asks for the files it names, so a fingerprint listed in the last
 * {@link #PROTECTION} is deleted neither by prune nor by auto-update (its record says
 * {@code recently_listed}); only an operator's own delete removes it.
 *
 * <p>The first time a document is served its listing is written before it is sent (so nothing can
 * delete what a client has just been shown); after that it is written again at most once per
 * {@link #REFRESH}, without waiting.
 */
public final class ListingBook {
  private static final Logger LOG = LoggerFactory.getLogger(ListingBook.class);
  /** How long a listing protects what it names: twice LXD's products cache. */
  public static final Duration PROTECTION = Duration.ofHours(2);
  /** How stale the recorded time of a document served again may get: far inside {@link #PROTECTION}. */
  static final Duration REFRESH = Duration.ofMinutes(1);

  private final Database db;
  private final Clock clock;
  private final ListingRepository listings = new ListingRepository();
  /** Each document's (its ETag's) last recorded listing time. */
  private final Map<String, Instant> recorded = new ConcurrentHashMap<>();

  public ListingBook(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * A document that lists {@code fingerprints} is about to be sent: completes once what it lists is
   * protected (at once, when that was recorded less than {@link #REFRESH} ago). It never fails: when
   * the listing cannot be written (the database lost) the document is still sent, since nothing can be
   * deleted without the database either, and the next request writes it.
   */
  public Future<Void> listing(String etag, Set<Fingerprint> fingerprints) {
    Instant now = clock.instant();
    Instant last = recorded.get(etag);
    if (last != null && last.plus(REFRESH).isAfter(now)) {
      return Future.succeededFuture();
    }
    Future<Void> written = write(etag, fingerprints, now);
    return last == null ? written.otherwiseEmpty() : Future.succeededFuture();
  }

  private Future<Void> write(String etag, Set<Fingerprint> fingerprints, Instant now) {
    recorded.put(etag, now);
    return db.write(session -> {
      listings.listed(session, fingerprints, now);
      listings.forgetBefore(session, now.minus(PROTECTION));
      return (Void) null;
    }).onSuccess(x -> recorded.values().removeIf(at -> at.plus(PROTECTION).isBefore(now))).onFailure(e -> {
      recorded.remove(etag, now);
      LOG.warn("could not record what the mirror listed ({}); it is recorded again at the next request", e.getMessage());
    });
  }

  /** The time before which a listing no longer protects anything. */
  public static Instant protectsAfter(Instant now) {
    return now.minus(PROTECTION);
  }
}

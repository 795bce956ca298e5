package org.imagecache.schedule;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagecache.config.ImagesSettings;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.image.CacheEvent;
import org.imagecache.image.ImageSource;
import org.imagecache.image.LocalImage;
import org.imagecache.resolve.UpdateSchedule;
import org.imagecache.resolve.UsageRecorder;
import org.imagecache.store.Database;
import org.imagecache.store.EventRepository;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.SourceRepository;
import org.imagecache.store.UpdateRepository;
import org.jspecify.annotations.Nullable;

/**
 * The stored side of auto-update: which images are due, their sources, and what each attempt leaves
 * behind (the next due time, with jitter and, after failures, backoff; the failure count; an audit
 * event). {@code images.auto_update_interval} is read at each decision.
 */
public final class UpdateBook {
  private final Database db;
  private final UpdateSchedule schedule;
  private final Supplier<ImagesSettings> settings;
  private final Clock clock;
  private final UsageRecorder usage;
  private final UpdateRepository updates = new UpdateRepository();
  private final ImageRepository images = new ImageRepository();
  private final SourceRepository sources = new SourceRepository();
  private final EventRepository events = new EventRepository();

  public UpdateBook(Database db, UpdateSchedule schedule, Supplier<ImagesSettings> settings, Clock clock, UsageRecorder usage) {
    this.usage = usage;
    this.db = db;
    this.schedule = schedule;
    this.settings = settings;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  /** The image's last use, counting a use noted in memory and not yet written. */
  public @Nullable Instant lastUse(LocalImage image) {
    return usage.noted().lastUse(image);
  }

  public int intervalHours() {
    return settings.get().autoUpdateIntervalHours();
  }

  /** The next due time of a new revision (null when auto-update is off). */
  public @Nullable Instant nextDue() {
    return schedule.nextDue(now(), intervalHours());
  }

  public Future<List<LocalImage>> due(int limit) {
    Instant now = now();
    return db.read(session -> updates.listDue(session, now, limit));
  }

  /** Gives a due time to images that have none (auto-update was off when they came). */
  public Future<Integer> scheduleUnscheduled() {
    return db.write(session -> {
      List<LocalImage> unscheduled = updates.listUnscheduled(session, 10_000);
      unscheduled.forEach(i -> images.setNextUpdate(session, i.id(), schedule.nextDue(now(), intervalHours())));
      return unscheduled.size();
    });
  }

  public Future<Optional<ImageSource>> sourceOf(LocalImage image) {
    return db.read(session -> sources.find(session, image.id()));
  }

  /** The check found nothing new (or the new revision is in place): only the due time moves. */
  public Future<Void> checked(LocalImage image) {
    Instant now = now();
    return db.write(session -> {
      updates.recordAttempt(session, image.id(), now, null);
      images.setNextUpdate(session, image.id(), schedule.nextDue(now, intervalHours()));
      return null;
    });
  }

  /**
   * The check could not be made (the remote was removed from the configuration, the alias vanished,
   * the remote failed): the image stays as it is; a warning event; the next try backs off. A failure
   * without a message is recorded under its reason (an attempt with no error would count as a success).
   */
  public Future<Void> failed(LocalImage image, String reason, @Nullable String failure) {
    Instant now = now();
    String message = failure == null ? reason : failure;
    return db.write(session -> {
      int failures = updates.recordAttempt(session, image.id(), now, message);
      images.setNextUpdate(session, image.id(), schedule.nextDueAfterFailure(now, intervalHours(), failures));
      events.append(session, CacheEvent.of(now, "image-refresh-failed", image.fingerprint().hex(), image.project())
          .withReason(reason).withDetail(message));
      return null;
    });
  }

  static String reasonOf(Throwable e) {
    return e instanceof ImageCacheException ice ? ice.reason() : "internal_error";
  }
}

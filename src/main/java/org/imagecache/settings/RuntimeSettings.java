package org.imagecache.settings;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.imagecache.config.ConfigException;
import org.imagecache.config.ImagesSettings;
import org.imagecache.store.Database;
import org.imagecache.store.SettingsRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running values of the images.* keys: the configured values, overridden by what was set at
 * runtime and stored in the {@code settings} table. Components read {@link #current()} at each
 * decision, so a change applies without a restart.
 */
public final class RuntimeSettings implements Supplier<ImagesSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);

  private final ImagesSettings configured;
  private final Database db;
  private final SettingsRepository repo;
  private final Clock clock;
  private final List<Consumer<ImagesSettings>> listeners = new CopyOnWriteArrayList<>();
  private volatile ImagesSettings current;
  /** Writes begun, counted on the single writer thread only. */
  private long writes;
  /** The sequence of the write whose values are current (guarded by this). */
  private long published;

  private RuntimeSettings(ImagesSettings configured, Database db, SettingsRepository repo, Clock clock, ImagesSettings current) {
    this.configured = configured;
    this.db = db;
    this.repo = repo;
    this.clock = clock;
    this.current = current;
  }

  /** Reads the stored values (blocking; at start-up). A stored value that no longer validates is ignored, with a warning. */
  public static RuntimeSettings load(ImagesSettings configured, Database db, SettingsRepository repo, Clock clock) {
    return new RuntimeSettings(configured, db, repo, clock, overlay(configured, db.readNow(repo::all)));
  }

  /** The configured values with the stored ones over them. */
  private static ImagesSettings overlay(ImagesSettings configured, Map<String, String> stored) {
    ImagesSettings s = configured;
    for (Map.Entry<String, String> e : stored.entrySet()) {
      try {
        s = s.with(e.getKey(), e.getValue());
      } catch (ConfigException ex) {
        LOG.warn("ignoring stored setting: {}", ex.getMessage());
      }
    }
    return s;
  }

  public ImagesSettings current() {
    return current;
  }

  @Override
  public ImagesSettings get() {
    return current;
  }

  /** Called after every change that moved a value, with the new values. */
  public void onChange(Consumer<ImagesSettings> listener) {
    listeners.add(listener);
  }

  /**
   * Validates every change, then stores them in one transaction and, once it has committed, applies
   * them. A null or empty value unsets the key (back to the configured value).
   *
   * @return the new values; fails with {@link ConfigException} (and changes nothing) on any bad key or
   *     value, or with the database's failure (a full disk), and then the running values stay as they were
   */
  public Future<ImagesSettings> update(Map<String, String> changes) {
    Map<String, String> copy = new LinkedHashMap<>(changes);
    try {
      validate(copy);
    } catch (ConfigException e) {
      return Future.failedFuture(e); // refused before it takes the writer
    }
    return db.write(session -> {
      copy.forEach((key, value) -> {
        if (value == null || value.isEmpty()) {
          repo.delete(session, key);
        } else {
          repo.put(session, key, value, clock.instant());
        }
      });
      // read back inside the transaction: writes are serialized, so the sequence orders the outcomes
      return new Committed(overlay(configured, repo.all(session)), ++writes);
    }).map(committed -> apply(committed, "settings changed: " + copy));
  }

  /**
   * Reads the stored values again and applies them when they moved: what another member sharing the
   * database changed ({@code PATCH /1.0} there). On the writer, so that it is ordered with this
   * member's own changes, as they are.
   *
   * @return the values now current
   */
  public Future<ImagesSettings> refresh() {
    return db.write(session -> new Committed(overlay(configured, repo.all(session)), ++writes))
        .map(committed -> apply(committed, "settings changed in the database"));
  }

  /** Publishes committed values and tells the listeners, unless nothing moved (an empty PATCH, a value set to what it was). */
  private ImagesSettings apply(Committed committed, String what) {
    ImagesSettings before = current;
    ImagesSettings next = publish(committed);
    if (next.equals(before)) {
      return next;
    }
    LOG.info("{} -> {}", what, next.asMap());
    listeners.forEach(l -> l.accept(next));
    return next;
  }

  /**
   * The values {@link #update} would make current, changing nothing (an unset key goes back to its
   * configured value).
   *
   * @throws ConfigException as {@link #update} would fail
   */
  public ImagesSettings preview(Map<String, String> changes) {
    Map<String, String> copy = new LinkedHashMap<>(changes);
    validate(copy);
    ImagesSettings next = current();
    for (Map.Entry<String, String> e : copy.entrySet()) {
      String value = e.getValue() == null || e.getValue().isEmpty() ? configured.asMap().get(e.getKey()) : e.getValue();
      next = next.with(e.getKey(), value);
    }
    return next;
  }

  /** Values read back in a write transaction, and that write's place in the writer's order. */
  private record Committed(ImagesSettings settings, long sequence) {}

  /** Makes committed values current unless a later write's already are; returns the current values. */
  private synchronized ImagesSettings publish(Committed committed) {
    if (committed.sequence() > published) {
      published = committed.sequence();
      current = committed.settings();
    }
    return current;
  }

  /**
   * Checks every change and puts each value in its canonical form ({@code " 7 "} becomes {@code "7"}):
   * what is stored, and shown, is what was meant.
   *
   * @throws ConfigException naming the first unknown key or invalid value (unsetting needs no value)
   */
  private void validate(Map<String, String> changes) {
    for (Map.Entry<String, String> e : changes.entrySet()) {
      if (!ImagesSettings.isKey(e.getKey())) {
        throw new ConfigException("Unknown configuration key " + e.getKey() + " (runtime keys: " + String.join(", ", ImagesSettings.KEYS) + ")");
      }
      String value = e.getValue();
      if (value != null && !value.isEmpty()) {
        e.setValue(configured.with(e.getKey(), value).asMap().get(e.getKey()));
      }
    }
  }
}

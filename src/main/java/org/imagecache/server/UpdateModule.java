package org.imagecache.server;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.imagecache.config.ImagesSettings;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.UpdateSchedule;
import org.imagecache.schedule.AutoUpdater;
import org.imagecache.schedule.ImageRefresher;
import org.imagecache.schedule.RevisionCollector;
import org.imagecache.schedule.UpdateBook;

/** Auto-update and refresh: when each image is due, the refresher, the revisions it leaves, and the rounds. */
public record UpdateModule(RevisionCollector revisions, UpdateBook book, ImageRefresher refresher, AutoUpdater autoUpdater) {

  /** The knobs: revisions kept, the fresh grace, the settings and schedule, concurrent refreshes and the round's tick. */
  public record Wiring(IntSupplier keepRevisions, Supplier<Duration> freshGrace, Supplier<ImagesSettings> settings,
      UpdateSchedule schedule, int concurrency, Duration tick) {}

  public static UpdateModule over(StorageModule s, Remotes remotes, LaunchModule launch, Wiring w) {
    RevisionCollector revisions = new RevisionCollector(s.db(), s.deleter(), w.keepRevisions(), w.freshGrace(), s.clock());
    UpdateBook book = new UpdateBook(s.db(), w.schedule(), w.settings(), s.clock(), s.usage());
    ImageRefresher refresher = new ImageRefresher(remotes, launch.downloads(), s.local(), book, revisions, launch.damage(), s.metrics());
    return new UpdateModule(revisions, book, refresher,
        new AutoUpdater(s.vertx(), book, refresher, revisions, w.concurrency(), w.tick(), s.metrics()));
  }
}

package org.imagecache.schedule;

import io.vertx.core.Future;
import java.util.Optional;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.ImageSource;
import org.imagecache.image.LocalImage;
import org.imagecache.image.RemoteImage;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.remote.CatalogSnapshot;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.CatalogRecords;
import org.imagecache.resolve.Downloads;
import org.imagecache.resolve.ImageDamage;
import org.imagecache.resolve.LocalImages;
import org.imagecache.resolve.NewImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One update of a cached image from its source (auto-update, or {@code POST /1.0/images/<fp>/refresh}):
 * resolve the source alias in the remote's fresh catalog; the same fingerprint moves only the due
 * time; a new one is downloaded through the launch's single-flight path, swapped in (aliases, source,
 * cached flag and last use move to it), and the old revision goes unless leased or kept.
 */
public final class ImageRefresher {
  private static final Logger LOG = LoggerFactory.getLogger(ImageRefresher.class);

  /** What a refresh did, and the image the source points at now. */
  public record Outcome(boolean refreshed, String fingerprint) {}

  private final Remotes remotes;
  private final Downloads downloads;
  private final LocalImages local;
  private final UpdateBook book;
  private final RevisionCollector revisions;
  private final ImageDamage damage;
  private final ImageCacheMetrics metrics;

  public ImageRefresher(Remotes remotes, Downloads downloads, LocalImages local, UpdateBook book, RevisionCollector revisions,
      ImageDamage damage, ImageCacheMetrics metrics) {
    this.damage = damage;
    this.metrics = metrics;
    this.remotes = remotes;
    this.downloads = downloads;
    this.local = local;
    this.book = book;
    this.revisions = revisions;
  }

  /**
   * @return the outcome; a failed future (InvalidInputException {@code no_source} for an image without
   *     a source, or the remote's or download's error) after the failure has been recorded
   */
  public Future<Outcome> refresh(LocalImage image) {
    return refresh(image, false);
  }

  /**
   * @param refetch ask the remote for its catalog now (a manual refresh) instead of using one younger
   *     than its TTL (auto-update)
   */
  public Future<Outcome> refresh(LocalImage image, boolean refetch) {
    return book.sourceOf(image).compose(source -> {
      if (source.isEmpty()) {
        return Future.failedFuture(new InvalidInputException("no_source",
            "Image " + image.fingerprint().shortForm() + " has no source to refresh from (it was not fetched by alias)"));
      }
      // a manual refresh re-hashes the files it keeps, an auto-update looks at them (a stat); damaged
      // ones are removed, and fetched again below
      return check(image, refetch).compose(damaged -> fromSource(image, source.get(), refetch, damaged))
          .recover(e -> book.failed(image, UpdateBook.reasonOf(e), e.getMessage()).transform(x -> Future.failedFuture(e)));
    }).onComplete(ar -> metrics.imageRefresh(ar.failed() ? "failed" : ar.result().refreshed() ? "refreshed" : "unchanged"));
  }

  /** Whether the image's files were damaged (and so removed). */
  private Future<Boolean> check(LocalImage image, boolean rehash) {
    if (rehash) {
      return damage.verify(image).map(v -> v.problem().isPresent());
    }
    return damage.lookProblem(image).map(p -> damage.remove(image, p).map(true)).orElse(Future.succeededFuture(false));
  }

  private Future<Outcome> fromSource(LocalImage image, ImageSource source, boolean refetch, boolean filesRemoved) {
    Optional<Remotes.Remote> remote = remotes.findBySource(source);
    if (remote.isEmpty()) {
      String msg = "Source " + source.server() + " of image " + image.fingerprint().shortForm() + " is no longer a configured remote";
      LOG.warn(msg);
      return book.failed(image, "remote_removed", msg).map(new Outcome(false, image.fingerprint().hex()));
    }
    var catalogNow = refetch ? remote.get().catalog().refreshNow().map(CatalogSnapshot::index) : remote.get().catalog().freshCatalog();
    return catalogNow.compose(catalog -> {
      Optional<RemoteImage> found = catalog.resolve(source.alias(), image.architecture(), image.type());
      if (found.isEmpty()) {
        String msg = "Alias " + source.alias() + " is no longer in the catalog of " + remote.get().config().name();
        LOG.warn("image {}: {}", image.fingerprint().shortForm(), msg);
        return book.failed(image, "alias_vanished", msg).map(new Outcome(false, image.fingerprint().hex()));
      }
      if (found.get().fingerprint().equals(image.fingerprint())) {
        Future<Void> files = filesRemoved
            ? downloads.ensureFiles(found.get(), remote.get()).awaited()
                .compose(x -> local.recordFiles(found.get().fingerprint(), CatalogRecords.files(found.get())))
            : Future.succeededFuture();
        return files.compose(x -> book.checked(image)).map(new Outcome(false, image.fingerprint().hex()));
      }
      return replace(image, source, remote.get(), found.get());
    });
  }

  private Future<Outcome> replace(LocalImage old, ImageSource source, Remotes.Remote remote, RemoteImage next) {
    LocalImage record = CatalogRecords.newRecord(old.project(), next,
        new CatalogRecords.State(old.cached(), old.autoUpdate(), book.lastUse(old), old.autoUpdate() ? book.nextDue() : null), book.now());
    String sourceKey = source.server() + " " + source.protocol() + " " + source.alias();
    return downloads.ensureFiles(next, remote).awaited()
        .compose(x -> downloads.withFilesPresent(next.fingerprint(), record.layout(),
            () -> local.swapRevision(old, new NewImage(record, Optional.empty(), next.properties(), CatalogRecords.files(next)), sourceKey, book.now())))
        .onSuccess(n -> LOG.info("image {} of project {} refreshed to {}", old.fingerprint().shortForm(), old.project(), n.fingerprint().shortForm()))
        .compose(n -> revisions.collect().map(new Outcome(true, n.fingerprint().hex())));
  }
}

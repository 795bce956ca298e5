package org.imagecache.resolve;

import io.vertx.core.Future;
import org.imagecache.failure.ImageBusyException;
import org.imagecache.image.LocalImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of images this member took in while the shared database was out of reach
 * ({@link UnrecordedImages}), once it is back: each under its fingerprint's lock and only while its
 * files are still here, with this member as a holder; a launch lease taken under the provisional id
 * then holds the record. Run by the write-behind, before the leases it may move.
 */
public final class DeferredRecords {
  private static final Logger LOG = LoggerFactory.getLogger(DeferredRecords.class);
  private final LocalImages local;
  private final Downloads downloads;
  private final LeaseBook leases;

  public DeferredRecords(LocalImages local, Downloads downloads, LeaseBook leases) {
    this.local = local;
    this.downloads = downloads;
    this.leases = leases;
  }

  /** Writes what waits, in order; stops at the first failure (the database out of reach again), which the next run retries. */
  public Future<Void> write() {
    Future<Void> chain = Future.succeededFuture();
    for (UnrecordedImages.Unrecorded u : local.unrecorded()) {
      chain = chain.compose(x -> write(u));
    }
    return chain;
  }

  private Future<Void> write(UnrecordedImages.Unrecorded u) {
    LocalImage image = u.provisional();
    return downloads.withFilesPresent(image.fingerprint(), image.layout(), () -> local.record(u))
        .onSuccess(stored -> {
          leases.recorded(image.id(), stored.id());
          LOG.info("image {} of project {}, taken in while the database was out of reach, is recorded", image.fingerprint().shortForm(),
              image.project());
        })
        .<Void>mapEmpty()
        .recover(e -> {
          if (e instanceof ImageBusyException) {
            local.dropUnrecorded(u);
            LOG.warn("image {} of project {}: its files went before its record could be written; nothing is recorded",
                image.fingerprint().shortForm(), image.project());
            return Future.<Void>succeededFuture();
          }
          return Future.<Void>failedFuture(e);
        });
  }
}

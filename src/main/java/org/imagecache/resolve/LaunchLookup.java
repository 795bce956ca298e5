package org.imagecache.resolve;

import io.vertx.core.Future;
import java.util.Optional;
import org.imagecache.failure.ImageBusyException;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.operations.Operation;
import org.jspecify.annotations.Nullable;

/**
 * The launch lookup, step by step (DESIGN.md "The launch lookup"): resolve, provision, hold, answer.
 * A lookup whose image is deleted between resolution and holding (reason {@code image_busy}) waits for
 * the deletion to end, then resolves once more, from scratch.
 */
public final class LaunchLookup {
  private final SourceResolver resolver;
  private final Provisioner provisioner;
  private final Launches launches;
  private final LocalImages local;
  private final ImageFileStore files;
  private final FingerprintLocks locks;
  private final ImageDamage damage;

  public LaunchLookup(SourceResolver resolver, Provisioner provisioner, Launches launches, LocalImages local, ImageFileStore files,
      FingerprintLocks locks, ImageDamage damage) {
    this.damage = damage;
    this.resolver = resolver;
    this.provisioner = provisioner;
    this.launches = launches;
    this.local = local;
    this.files = files;
    this.locks = locks;
  }

  /** A lookup's outcome: the answer, or (with {@code wait: false}) the download under way. */
  public sealed interface Answer permits Done, Pending {}

  public record Done(LookupResult result) implements Answer {}

  public record Pending(Operation operation) implements Answer {}

  /** How often a lookup resolves again while its image is being deleted under it, before it gives up. */
  static final int BUSY_RETRIES = 20;

  public Future<Answer> lookup(LookupRequest req) {
    return lookup(req, Provisioner.FlightWait.AWAIT);
  }

  /**
   * As {@link #lookup(LookupRequest)}, following a download the lookup waits for as {@code how} says
   * (the mirror sends the files on as they arrive).
   */
  public Future<Answer> lookup(LookupRequest req, Provisioner.FlightWait how) {
    return attempt(req, how, BUSY_RETRIES);
  }

  /** One attempt; an image deleted meanwhile ({@code image_busy}) makes it resolve again, boundedly. */
  private Future<Answer> attempt(LookupRequest req, Provisioner.FlightWait how, int retriesLeft) {
    return attempt(req, how).recover(e -> {
      if (!(e instanceof ImageBusyException busy) || retriesLeft == 0) {
        return Future.failedFuture(e);
      }
      local.forget(req.project(), Fingerprint.of(busy.fingerprint()));
      return attempt(req, how, retriesLeft - 1);
    });
  }

  private Future<Answer> attempt(LookupRequest req, Provisioner.FlightWait how) {
    return resolver.resolve(req).compose(r -> {
      if (r instanceof Resolution.Local l) {
        Optional<String> problem = damage.lookProblem(l.image());
        return problem.isEmpty() ? hold(req, new Found(l.image(), false, l.source(), null)) : repair(req, how, l.image(), problem.get());
      }
      return provisioned(req, how, (Resolution.InCatalog) r);
    });
  }

  /**
   * The image's files are damaged: they are removed; a lookup through a remote then fetches them again
   * (from the remote's catalog, into the same record), a local one fails saying so.
   */
  private Future<Answer> repair(LookupRequest req, Provisioner.FlightWait how, LocalImage image, String problem) {
    return damage.remove(image, problem).compose(v -> {
      if (!req.throughRemote()) {
        return Future.failedFuture(new ServiceUnavailableException("image_damaged", "The files of image "
            + image.fingerprint().shortForm() + " were damaged (" + problem + ") and have been removed; pull it again"));
      }
      return resolver.fromCatalog(req).compose(c -> provisioned(req, how, c));
    });
  }

  private Future<Answer> provisioned(LookupRequest req, Provisioner.FlightWait how, Resolution.InCatalog c) {
    return provisioner.provision(Provisioner.Request.launch(req.project(), c, provisioner.autoUpdateForCached(), req.waiting(), how))
        .compose(o -> o instanceof Provisioner.Provisioned p
            ? hold(req, new Found(p.image(), p.downloaded(), c.source(), c.catalogAge()))
            : Future.succeededFuture(new Pending(((Provisioner.Pending) o).flight().detachable())));
  }

  /** The image a lookup resolved to, and how: the catalog's age is null when no catalog was used. */
  private record Found(LocalImage image, boolean downloaded, LookupResult.@Nullable Source source,
      LookupResult.@Nullable CatalogAge catalogAge) {}

  private Future<Answer> hold(LookupRequest req, Found found) {
    LocalImage image = found.image();
    return launches.hold(image, req.instance()).compose(held -> {
      if (held.isPresent()) {
        return Future.succeededFuture(new Done(answer(found, held.get())));
      }
      // the deletion runs under the fingerprint lock: wait for it to end, so that the retry sees its outcome
      return locks.withLock(image.fingerprint(), Future::succeededFuture).transform(x -> Future.failedFuture(
          new ImageBusyException(image.fingerprint().hex(), "Image " + image.fingerprint() + " is being deleted; retry the lookup")));
    });
  }

  private LookupResult answer(Found found, Launches.Held held) {
    LocalImage image = found.image();
    LookupResult.Files paths = new LookupResult.Files(files.metaPath(image.fingerprint()).toString(),
        image.unified() ? null : files.secondPath(image.fingerprint(), image.layout()).toString());
    LookupResult.CatalogAge age = found.catalogAge();
    Lease instance = held.instance();
    return new LookupResult(image.fingerprint().hex(), !found.downloaded(), image.cached(), found.downloaded(), found.source(), paths, image.size(),
        image.architecture(), image.type().wireName(), new LookupResult.LeaseRef(held.launch().id(), held.launch().expiresAt()),
        instance == null ? null : new LookupResult.LeaseRef(instance.id(), null),
        age == null ? null : age.seconds(), age == null ? null : age.stale());
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import org.imagecache.failure.CancelledException;
import org.imagecache.image.ImageAlias;
import org.imagecache.image.ImageDetails;
import org.imagecache.operations.Operation;

/**
 * An explicit pull ({@code POST /1.0/images}, like {@code lxc image copy}): the image is resolved in the
 * remote's catalog, fetched once like any other, and kept as a user's image (not cached: it never
 * expires), with the aliases asked for.
 */
public final class Pulls {
  private final SourceResolver resolver;
  private final Provisioner provisioner;
  private final LocalImages local;
  private final ImageRecords records;

  public Pulls(SourceResolver resolver, Provisioner provisioner, LocalImages local, ImageRecords records) {
    this.resolver = resolver;
    this.provisioner = provisioner;
    this.local = local;
    this.records = records;
  }

  /** A local alias to create for the pulled image. */
  public record NewAlias(String name, String description) {}

  /**
   * Pulls the image and gives it the aliases, or fails having changed nothing a user sees: the alias
   * names are checked before anything is fetched, and the image becomes a user's one together with its
   * aliases in one transaction (its files may stay, as a download for any launch would leave them).
   * The pull's operation shows the download's progress, and cancelling it cancels the download too
   * unless a launch also waits for it (the pull ends cancelled either way, having changed nothing a user
   * sees).
   */
  public Future<ImageDetails> pull(LookupRequest source, boolean autoUpdate, List<NewAlias> newAliases, Operation operation) {
    return pullWith(source, autoUpdate, newAliases, operation)
        .recover(e -> Future.failedFuture(operation.cancellation().isCancelled() ? new CancelledException("Pull cancelled") : e));
  }

  /**
   * The pull's operation follows the download (as one of its holders, not a waiter, so that its cancel
   * may stop it) and the pull stops waiting once the operation is cancelled.
   */
  private static Provisioner.FlightWait following(Operation operation) {
    return flight -> {
      Operation download = flight.detachable();
      operation.follow(download);
      operation.cancellation().onCancel(download::requestCancel);
      Promise<Boolean> outcome = Promise.promise();
      flight.done().onComplete(ar -> {
        if (ar.succeeded()) {
          outcome.tryComplete(ar.result());
        } else {
          outcome.tryFail(ar.cause());
        }
      });
      operation.cancellation().onCancel(() -> outcome.tryFail(new CancelledException("Pull cancelled")));
      return outcome.future();
    };
  }

  private Future<ImageDetails> pullWith(LookupRequest source, boolean autoUpdate, List<NewAlias> newAliases, Operation operation) {
    String project = source.project();
    List<String> names = newAliases.stream().map(NewAlias::name).toList();
    if (names.stream().distinct().count() != names.size()) {
      return Future.failedFuture(new org.imagecache.failure.InvalidInputException("invalid_alias", "The same alias is asked for twice"));
    }
    return local.findTakenAlias(project, names).compose(taken -> taken.isPresent()
        ? Future.failedFuture(LocalImages.aliasExists(project, taken.get()))
        : resolver.fromCatalog(source))
        .compose(c -> provisioner.provision(Provisioner.Request.pull(project, c, autoUpdate, following(operation))))
        .map(o -> ((Provisioner.Provisioned) o).image())
        .compose(image -> operation.cancellation().isCancelled()
            ? Future.failedFuture(new CancelledException("Pull cancelled"))
            : Future.succeededFuture(image))
        .compose(image -> local.markExplicit(image, autoUpdate, newAliases.stream()
            .map(a -> new ImageAlias(project, a.name(), a.description(), image.id())).toList()))
        .compose(image -> records.get(project, image.fingerprint().hex()));
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import java.util.List;
import org.imagecache.image.ImageDetails;

/**
 * An explicit pull ({@code POST /1.0/images}, like {@code lxc image copy}): the image is resolved in the
 * remote's catalog, fetched once like any other, and kept as a user's image (not cached: it never
 * expires), with the aliases asked for.
 */
public final class Pulls {
  private final SourceResolver resolver;
  private final Provisioner provisioner;
  private final LocalImages local;
  private final Aliases aliases;
  private final ImageRecords records;

  public Pulls(SourceResolver resolver, Provisioner provisioner, LocalImages local, Aliases aliases, ImageRecords records) {
    this.resolver = resolver;
    this.provisioner = provisioner;
    this.local = local;
    this.aliases = aliases;
    this.records = records;
  }

  /** A local alias to create for the pulled image. */
  public record NewAlias(String name, String description) {}

  public Future<ImageDetails> pull(LookupRequest source, boolean autoUpdate, List<NewAlias> newAliases) {
    return resolver.fromCatalog(source)
        .compose(c -> provisioner.provision(source.project(), c, false, autoUpdate, true))
        .map(o -> ((Provisioner.Provisioned) o).image())
        .compose(image -> local.markExplicit(image, autoUpdate))
        .compose(image -> createAliases(source.project(), image.fingerprint().hex(), newAliases).map(image))
        .compose(image -> records.get(source.project(), image.fingerprint().hex()));
  }

  private Future<Void> createAliases(String project, String fingerprint, List<NewAlias> newAliases) {
    Future<Void> chain = Future.succeededFuture();
    for (NewAlias a : newAliases) {
      chain = chain.compose(v -> aliases.create(project, a.name(), a.description(), fingerprint).mapEmpty());
    }
    return chain;
  }
}

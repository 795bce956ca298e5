package org.imagecache.resolve;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagecache.config.ImagesSettings;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.LocalImage;
import org.imagecache.image.RemoteImage;
import org.imagecache.remote.CatalogRead;
import org.imagecache.remote.ImageIndex;
import org.imagecache.remote.Remotes;

/**
 * Steps 2 to 4 of the launch lookup: local only when no remote is named; prefer the cached image for
 * an alias while auto-update is on (answered from memory, without the remote or its catalog); a
 * cached fingerprint; else the remote's catalog.
 */
public final class SourceResolver {
  private final Remotes remotes;
  private final LocalImages local;
  private final Supplier<ImagesSettings> settings;

  public SourceResolver(Remotes remotes, LocalImages local, Supplier<ImagesSettings> settings) {
    this.remotes = remotes;
    this.local = local;
    this.settings = settings;
  }

  public Future<Resolution> resolve(LookupRequest req) {
    String remoteName = req.remote();
    if (remoteName == null) {
      return local.findLocal(req.project(), req.image().text())
          .map(found -> new Resolution.Local(found.orElseThrow(() -> notFound(req)), null));
    }
    Remotes.Remote remote = remotes.get(remoteName);
    LookupResult.Source source = source(remote, req);
    Future<Optional<LocalImage>> cached = req.image() instanceof ImageRef.Alias alias
        ? preferCached(req, alias, remote)
        : cachedFingerprint(req);
    return cached.compose(hit -> hit.<Future<Resolution>>map(i -> Future.succeededFuture(new Resolution.Local(i, source)))
        .orElseGet(() -> remote.catalog().catalog().map(c -> inCatalog(c, req, remote, source))));
  }

  private Future<Optional<LocalImage>> preferCached(LookupRequest req, ImageRef.Alias alias, Remotes.Remote remote) {
    if (settings.get().autoUpdateIntervalHours() <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return local.findPreferred(new LocalImages.PreferKey(req.project(), remote.config().publicUrl().toString(),
        remote.config().protocol().wireName(), alias.name(), req.architecture(), req.type()));
  }

  /**
   * A whole fingerprint is answered from memory (and, while the database is out of reach, from what
   * this member took in meanwhile); a prefix needs the database, and without it the catalog answers
   * (the files are verified either way).
   */
  private Future<Optional<LocalImage>> cachedFingerprint(LookupRequest req) {
    Optional<Fingerprint> whole = req.image() instanceof ImageRef.FingerprintPrefix p ? p.whole() : Optional.empty();
    return whole.isPresent() ? local.find(req.project(), whole.get())
        : LocalImages.orNothing(local.findLocal(req.project(), req.image().text()));
  }

  /** Resolves through the remote's catalog only (an explicit pull: no prefer-cached, no local shortcut). */
  public Future<Resolution.InCatalog> fromCatalog(LookupRequest req) {
    Remotes.Remote remote = remotes.get(Objects.requireNonNull(req.remote(), "an explicit pull names its remote"));
    LookupResult.Source source = source(remote, req);
    return remote.catalog().catalog().map(c -> inCatalog(c, req, remote, source));
  }

  private static Resolution.InCatalog inCatalog(CatalogRead c, LookupRequest req, Remotes.Remote remote, LookupResult.Source source) {
    return new Resolution.InCatalog(find(c.catalog(), req), remote, source, new LookupResult.CatalogAge(c.ageSeconds(), c.stale()));
  }

  private static LookupResult.Source source(Remotes.Remote remote, LookupRequest req) {
    return new LookupResult.Source(remote.config().name(), remote.config().publicUrl().toString(), remote.config().protocol().wireName(),
        req.alias().map(ImageRef.Alias::name).orElse(null));
  }

  private static RemoteImage find(ImageIndex c, LookupRequest req) {
    if (req.image() instanceof ImageRef.Alias alias) {
      return c.resolve(alias.name(), req.architecture(), req.type())
          .orElseThrow(() -> notFound(req, c.suggestionFor(alias.name(), req.architecture(), req.type())));
    }
    return c.findByPrefix(req.image().text()).orElseThrow(() -> notFound(req));
  }

  private static NotFoundException notFound(LookupRequest req) {
    return notFound(req, "");
  }

  private static NotFoundException notFound(LookupRequest req, String suggestion) {
    return new NotFoundException("image_not_found", "No image " + req.ref() + " for " + req.architecture() + " " + req.type()
        + (req.throughRemote() ? "" : " in project " + req.project()) + suggestion);
  }
}

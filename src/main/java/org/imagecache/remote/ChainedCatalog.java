package org.imagecache.remote;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.imagecache.config.RemoteConfig;
import org.imagecache.image.RemoteImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of a remote with mirrors: from the first source that answers, mirrors in order, the
 * remote itself last. A mirror is skipped while its breaker is open; one whose fetch fails (within its
 * budgets), or that answers only with the stale catalog it had, opens its breaker and the next source
 * is asked, within the same use. Which source answered last decides where an image's files are tried
 * first ({@link #attemptsFor}).
 */
final class ChainedCatalog implements CatalogView {
  private static final Logger LOG = LoggerFactory.getLogger(ChainedCatalog.class);

  private final RemoteConfig config;
  private final List<Source> sources;
  private final AtomicReference<Source> servedBy;

  /** @param sources the mirrors in order, then the remote itself */
  ChainedCatalog(RemoteConfig config, List<Source> sources) {
    this.config = config;
    this.sources = List.copyOf(sources);
    this.servedBy = new AtomicReference<>(sources.get(0));
  }

  /** The source whose catalog answered last (the first mirror until one has). */
  private Source served() {
    return Objects.requireNonNull(servedBy.get(), "set at construction, never cleared");
  }

  List<Source> sources() {
    return sources;
  }

  @Override
  public RemoteConfig config() {
    return config;
  }

  @Override
  public Future<CatalogRead> catalog() {
    return from(0, RemoteCatalog::catalog, CatalogRead::answer);
  }

  /** A fresh catalog may come from memory: its success says nothing of the mirror, its failure does. */
  @Override
  public Future<ImageIndex> freshCatalog() {
    return from(0, RemoteCatalog::freshCatalog, index -> CatalogRead.Answer.KEPT);
  }

  @Override
  public Future<CatalogSnapshot> refreshNow() {
    return from(0, RemoteCatalog::refreshNow, snapshot -> CatalogRead.Answer.FETCHED);
  }

  /**
   * Asks source {@code i}, then the next ones. A mirror that fails, or answers only with the old catalog
   * because its fetch failed ({@code how} says), opens its breaker and the next source is asked; one
   * that was asked and answered closes it. The remote itself is the last resort and answers as it
   * would alone.
   */
  private <T> Future<T> from(int i, Function<RemoteCatalog, Future<T>> ask, Function<T, CatalogRead.Answer> how) {
    Source s = sources.get(i);
    if (i == sources.size() - 1) {
      return ask.apply(s.catalog()).onSuccess(x -> servedBy.set(s));
    }
    if (!s.usable()) {
      return from(i + 1, ask, how);
    }
    return ask.apply(s.catalog()).transform(ar -> {
      CatalogRead.Answer answered = ar.succeeded() ? how.apply(ar.result()) : CatalogRead.Answer.KEPT_AFTER_FAILURE;
      if (answered == CatalogRead.Answer.KEPT_AFTER_FAILURE) {
        Throwable why = ar.failed() ? ar.cause() : new IllegalStateException(String.valueOf(s.catalog().status().lastError()));
        s.failed(why);
        LOG.warn("remote {}: the catalog from {} failed ({}); asking the next source", config.name(), s.label(), why.getMessage());
        return from(i + 1, ask, how);
      }
      if (answered == CatalogRead.Answer.FETCHED) {
        s.succeeded();
      }
      servedBy.set(s);
      return Future.succeededFuture(ar.result());
    });
  }

  @Override
  public void invalidate() {
    sources.forEach(s -> s.catalog().invalidate());
  }

  @Override
  public Optional<CatalogSnapshot> current() {
    Optional<CatalogSnapshot> served = served().catalog().current();
    return served.isPresent() ? served : sources.stream().map(s -> s.catalog().current()).flatMap(Optional::stream).findFirst();
  }

  @Override
  public Future<RemoteStatus> loadedStatus() {
    return served().catalog().loadedStatus().map(this::asRemote);
  }

  @Override
  public RemoteStatus status() {
    return asRemote(served().catalog().status());
  }

  /** The status of the source that answered, under the remote's own name and URL, with every mirror's state. */
  private RemoteStatus asRemote(RemoteStatus served) {
    List<RemoteStatus.MirrorState> mirrors = new ArrayList<>();
    for (Source s : sources.subList(0, sources.size() - 1)) {
      SourceBreaker.View b = s.breaker().orElseThrow();
      mirrors.add(new RemoteStatus.MirrorState(s.config().publicUrl().toString(), b.state().wireName(), b.retryAt().orElse(null),
          b.lastError().orElse(null), b.lastFailureAt().orElse(null), s.bytes(), s == served()));
    }
    return new RemoteStatus(config.name(), config.publicUrl().toString(), served.protocol(), served.status(), served.fetchedAt(),
        served.ageSeconds(), served.catalogAge(), served.catalogStale(), served.lastAttemptAt(), served.lastError(), served.images(),
        served.aliases(), mirrors, RemoteStatus.SourceBytes.of(mirrors.stream().mapToLong(RemoteStatus.MirrorState::bytesServed).sum(),
        sources.get(sources.size() - 1).bytes()));
  }

  /**
   * Where an image's files are tried: the source whose catalog answered last, then the ones after it,
   * the remote itself last. A source other than the one that answered gives the image as its own
   * catalog lists it (the one in memory, else fetched within its budgets).
   */
  List<RemoteSource.Attempt> attemptsFor(RemoteImage image) {
    Source first = served();
    List<RemoteSource.Attempt> out = new ArrayList<>();
    out.add(new RemoteSource.Attempt(first, () -> Future.succeededFuture(Optional.of(image))));
    for (int i = sources.indexOf(first) + 1; i < sources.size(); i++) {
      Source s = sources.get(i);
      boolean upstream = i == sources.size() - 1;
      out.add(new RemoteSource.Attempt(s, () -> {
        if (!upstream && !s.usable()) {
          return Future.succeededFuture(Optional.empty());
        }
        Optional<CatalogSnapshot> known = s.catalog().current();
        if (known.isPresent()) {
          return Future.succeededFuture(known.flatMap(k -> k.index().find(image.fingerprint())));
        }
        return s.catalog().catalog().map(read -> read.catalog().find(image.fingerprint()));
      }));
    }
    return out;
  }
}

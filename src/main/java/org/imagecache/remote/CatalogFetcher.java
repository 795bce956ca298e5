package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.DocumentTooLargeException;
import org.imagecache.failure.RemoteException;
import org.imagecache.remote.simplestreams.Catalog;
import org.imagecache.remote.simplestreams.CatalogBuilder;
import org.imagecache.remote.simplestreams.IndexEntry;
import org.imagecache.remote.simplestreams.StreamIndex;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a simplestreams remote's index and products files (conditionally, when the last fetch gave a
 * strong ETag), builds the catalog off the event loop, and stores the documents on disk. When every
 * document answers "not modified", or comes whole with the same SHA-256 as before, the previous catalog
 * is kept as it is, without parsing.
 */
public final class CatalogFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogFetcher.class);
  public static final String INDEX = CatalogBuilder.INDEX_PATH;

  private final Vertx vertx;
  private final RemoteConfig remote;
  private final Transport transport;
  private final SnapshotStore store;
  private final Clock clock;
  private final String hostArchitecture;

  public CatalogFetcher(Vertx vertx, RemoteConfig remote, Transport transport, SnapshotStore store, Clock clock, String hostArchitecture) {
    this.vertx = vertx;
    this.remote = remote;
    this.transport = transport;
    this.store = store;
    this.clock = clock;
    this.hostArchitecture = hostArchitecture;
  }

  /**
   * Fetches the catalog; {@code previous} (or null) gives the validators: a strong ETag makes a request
   * conditional, and a document fetched whole that hashes as before counts as unchanged.
   *
   * @return the new snapshot, or the previous one confirmed now when every document is unchanged (then
   *     nothing is parsed); a failed future with a {@link RemoteException} or a
   *     {@code CatalogFormatException} when the remote cannot give a usable catalog
   */
  public Future<CatalogSnapshot> fetch(@Nullable CatalogSnapshot previous) {
    Map<String, Fetched.Validators> prev = previous == null ? Map.of() : previous.validators();
    StoredDocuments stored = new StoredDocuments();
    Budget budget = new Budget();
    return fetchWhole(INDEX, prev, stored, budget)
        .compose(index -> vertx.executeBlocking(() -> productPaths(index), false)
            .compose(paths -> fetchInTurn(paths, prev, stored, budget))
            .compose(products -> {
              List<Fetched> all = new ArrayList<>();
              all.add(index);
              all.addAll(products);
              return vertx.executeBlocking(() -> previous != null && unchanged(all, prev), false)
                  .compose(same -> same && previous != null
                      ? Future.succeededFuture(previous.confirmedAt(clock.instant()))
                      : build(index, products));
            }));
  }

  /**
   * What the documents of one fetch may hold together ({@code max_catalog_total}): each document is
   * fetched with at most what is left, one after the other, so that a remote listing many large
   * products files is refused before their sum is in memory, not after.
   */
  private final class Budget {
    private long used;

    long remaining() {
      return Math.max(0, remote.maxCatalogTotalBytes() - used);
    }

    Fetched take(Fetched f) {
      used += Objects.requireNonNull(f.bytes(), "the bytes of " + f.path()).length;
      if (used > remote.maxCatalogTotalBytes()) {
        throw tooLargeTogether();
      }
      return f;
    }

    RemoteException tooLargeTogether() {
      return new DocumentTooLargeException(remote.name(), "Remote " + remote.name()
          + ": its catalog documents together are larger than the bound of " + remote.maxCatalogTotalBytes()
          + " bytes (remotes." + remote.name() + ".max_catalog_total)");
    }
  }

  /**
   * One document with its bytes (a 304 answered from the stored copy), counted against the budget: what
   * it hands on always has bytes, as a 304 to the unconditional refetch is refused by the transport.
   */
  private Future<Fetched> fetchWhole(String path, Map<String, Fetched.Validators> prev, StoredDocuments stored, Budget budget) {
    long bound = Math.min(remote.maxCatalogBytes(), budget.remaining());
    return transport.fetch(path, prev.getOrDefault(path, Fetched.Validators.NONE), bound)
        .recover(e -> Future.failedFuture(bound < remote.maxCatalogBytes() && e instanceof DocumentTooLargeException
            ? budget.tooLargeTogether() : e))
        .compose(f -> withBytes(f, stored, bound))
        .map(budget::take);
  }

  private Future<List<Fetched>> fetchInTurn(List<String> paths, Map<String, Fetched.Validators> prev, StoredDocuments stored,
      Budget budget) {
    Future<List<Fetched>> chain = Future.succeededFuture(new ArrayList<>());
    for (String path : paths) {
      chain = chain.compose(done -> fetchWhole(path, prev, stored, budget).map(f -> {
        done.add(f);
        return done;
      }));
    }
    return chain;
  }

  /** Every document answered 304, or came whole with the same SHA-256 as last time. */
  private static boolean unchanged(List<Fetched> docs, Map<String, Fetched.Validators> prev) {
    for (Fetched f : docs) {
      Fetched.Validators before = prev.get(f.path());
      if (before == null) {
        return false;
      }
      byte[] bytes = f.bytes(); // null: not modified
      if (bytes != null && (before.sha256() == null || !before.sha256().equals(Fetched.sha256(bytes)))) {
        return false;
      }
    }
    return docs.size() == prev.size();
  }

  /** The last stored catalog, parsed (blocking work on a worker); empty when none is stored for this server. */
  public Future<Optional<CatalogSnapshot>> loadStored() {
    return vertx.executeBlocking(() -> store.load(remote.name())
        .filter(s -> s.server().equals(remote.publicUrl().toString()))
        .map(s -> new CatalogSnapshot(parse(s.files()), s.fetchedAt(), s.validators())), false);
  }

  private Catalog parse(Map<String, byte[]> files) {
    byte[] index = files.get(INDEX);
    if (index == null) {
      throw RemoteException.badAnswer(remote.name(), "catalog_invalid", "Stored catalog of " + remote.name() + " has no index");
    }
    return CatalogBuilder.build(index, files::get, hostArchitecture);
  }

  private List<String> productPaths(Fetched index) {
    byte[] bytes = Objects.requireNonNull(index.bytes(), "the bytes of " + INDEX);
    return StreamIndex.parse(bytes, INDEX).imageDownloads().stream()
        .map(IndexEntry::path)
        .distinct()
        .toList();
  }

  /** The document's bytes: as fetched, else as stored (after a 304), else fetched again unconditionally. */
  private Future<Fetched> withBytes(Fetched f, StoredDocuments stored, long bound) {
    if (!f.notModified()) {
      return Future.succeededFuture(f);
    }
    return stored.get().compose(s -> {
      byte[] bytes = s.map(x -> x.files().get(f.path())).orElse(null);
      return bytes != null
          ? Future.succeededFuture(new Fetched(f.path(), bytes, f.etag()))
          : transport.fetch(f.path(), Fetched.Validators.NONE, bound);
    });
  }

  private Future<CatalogSnapshot> build(Fetched index, List<Fetched> products) {
    return vertx.executeBlocking(() -> {
      Map<String, Fetched> docs = new LinkedHashMap<>();
      docs.put(INDEX, index);
      products.forEach(p -> docs.put(p.path(), p));
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      Map<String, Fetched.Validators> validators = new LinkedHashMap<>();
      docs.forEach((path, f) -> {
        bytes.put(path, f.bytes());
        validators.put(path, f.validators());
      });
      Catalog catalog = parse(bytes);
      var now = clock.instant();
      boolean saved = remote.catalogCache() && saved(now, docs);
      // unsaved documents cannot answer a later 304 (the stored copy, if any, is older): no ETag is sent
      // for them next time, and only their digests tell whether what comes whole has changed
      return new CatalogSnapshot(catalog, now, saved ? validators : digestsOnly(validators));
    }, false);
  }

  private static Map<String, Fetched.Validators> digestsOnly(Map<String, Fetched.Validators> validators) {
    Map<String, Fetched.Validators> out = new LinkedHashMap<>();
    validators.forEach((path, v) -> out.put(path, new Fetched.Validators(null, v.sha256())));
    return out;
  }

  /**
   * Keeps the documents on disk for the next start; a failure (a full disk) is logged and only costs
   * that: the catalog just fetched serves from memory, and the older stored one stays whole.
   */
  private boolean saved(Instant now, Map<String, Fetched> docs) {
    try {
      store.save(remote.name(), remote.publicUrl().toString(), now, docs);
      return true;
    } catch (UncheckedIOException e) {
      LOG.warn("remote {}: catalog not stored on disk, serving it from memory: {}", remote.name(),
          Objects.requireNonNull(e.getCause(), "an UncheckedIOException's cause").getMessage());
      return false;
    }
  }

  /** The stored documents, read from disk at most once per fetch and only when a 304 needs them. */
  private final class StoredDocuments {
    private @Nullable Future<Optional<SnapshotStore.Stored>> loaded;

    synchronized Future<Optional<SnapshotStore.Stored>> get() {
      if (loaded == null) {
        loaded = vertx.executeBlocking(() -> store.load(remote.name()), false);
      }
      return loaded;
    }
  }
}

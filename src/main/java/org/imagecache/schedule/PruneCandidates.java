package org.imagecache.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.imagecache.config.CacheConfig;
import org.imagecache.config.ImagesSettings;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.Fingerprint;
import org.imagecache.resolve.LeaseBook;
import org.imagecache.resolve.ListingBook;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;
import org.imagecache.store.ListingRepository;
import org.imagecache.store.SupersededRepository;

/**
 * Reads what the prune policy decides on: every record with its leases, mirror listings and revision
 * state, the store's size, the settings.
 */
public final class PruneCandidates {
  private final Vertx vertx;
  private final Database db;
  private final LeaseBook leases;
  private final ImageFileStore files;
  private final Settings settings;
  private final ImageRepository images = new ImageRepository();
  private final LeaseRepository leaseRepo = new LeaseRepository();
  private final SupersededRepository superseded = new SupersededRepository();
  private final ListingRepository listings = new ListingRepository();

  /** The configuration the policy reads, at each decision. */
  public record Settings(CacheConfig cache, Supplier<ImagesSettings> images, Clock clock) {}

  /** Candidates and inputs, read together. */
  public record Snapshot(List<PrunePolicy.Candidate> candidates, PrunePolicy.Inputs inputs) {}

  public PruneCandidates(Vertx vertx, Database db, LeaseBook leases, ImageFileStore files, Settings settings) {
    this.vertx = vertx;
    this.db = db;
    this.leases = leases;
    this.files = files;
    this.settings = settings;
  }

  public Future<Snapshot> read(Set<String> reasons) {
    return read(reasons, 0);
  }

  /** As {@link #read(Set)}, with {@code incomingBytes} (a download about to start) counted in the store's size. */
  public Future<Snapshot> read(Set<String> reasons, long incomingBytes) {
    Instant now = settings.clock().instant();
    return db.read(session -> {
      Map<Long, Instant> leasedUntil = leaseRepo.activeUntil(session, now);
      leases.launchLeases().stream().filter(l -> l.activeAt(now))
          .forEach(l -> leasedUntil.merge(l.imageId(), l.expiresAt(), LeaseRepository.LATEST));
      Set<Long> beyondKeep = RevisionPolicy.beyondKeep(superseded.listAll(session), settings.cache().keepRevisions()).stream()
          .map(s -> s.image().id()).collect(Collectors.toSet());
      Map<Fingerprint, Instant> listed = listings.listedAfter(session, ListingBook.protectsAfter(now));
      return images.listAll(session).stream()
          .map(i -> new PrunePolicy.Candidate(i, Optional.ofNullable(leasedUntil.get(i.id())),
              Optional.ofNullable(listed.get(i.fingerprint())).map(at -> at.plus(ListingBook.PROTECTION)), beyondKeep.contains(i.id())))
          .toList();
    }).compose(candidates -> vertx.executeBlocking(() -> new Snapshot(candidates, inputs(now, reasons, incomingBytes)), false));
  }

  private PrunePolicy.Inputs inputs(Instant now, Set<String> reasons, long incomingBytes) {
    CacheConfig c = settings.cache();
    return new PrunePolicy.Inputs(now, settings.images().get().remoteCacheExpiryDays(), c.freshGrace(), c.highWatermark(), c.lowWatermark(),
        files.usedBytes() + incomingBytes, filesystemBytes(), c.maxDeletions(), reasons);
  }

  /** Free bytes on the store's filesystem now. */
  public long usableBytes() {
    try {
      return Files.getFileStore(files.directory()).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long filesystemBytes() {
    try {
      return Files.getFileStore(files.directory()).getTotalSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

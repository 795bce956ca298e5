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
 * state, the store's size, the settings. On a database other members share, a record whose files
 * other members hold and this one does not is theirs to judge: this member has nothing of it to free.
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
  private final org.imagecache.store.ReplicaRepository replicas = new org.imagecache.store.ReplicaRepository();
  private final String member;

  /** The configuration the policy reads, at each decision. */
  public record Settings(CacheConfig cache, Supplier<ImagesSettings> images, Clock clock) {}

  /** Candidates and inputs, read together. */
  public record Snapshot(List<PrunePolicy.Candidate> candidates, PrunePolicy.Inputs inputs) {}

  /** @param member this member's name: the replicas say which records' files it holds */
  public PruneCandidates(Vertx vertx, Database db, LeaseBook leases, ImageFileStore files, String member, Settings settings) {
    this.member = member;
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
      List<org.imagecache.image.LocalImage> all = images.listAll(session);
      Map<Fingerprint, List<String>> holders = replicas.holders(session, all.stream().map(org.imagecache.image.LocalImage::fingerprint).toList());
      return all.stream()
          .filter(i -> mayJudge(holders.getOrDefault(i.fingerprint(), List.of())))
          .map(i -> new PrunePolicy.Candidate(i, Optional.ofNullable(leasedUntil.get(i.id())),
              Optional.ofNullable(listed.get(i.fingerprint())).map(at -> at.plus(ListingBook.PROTECTION)), beyondKeep.contains(i.id())))
          .toList();
    }).compose(candidates -> vertx.executeBlocking(() -> new Snapshot(candidates, inputs(now, reasons, incomingBytes)), false));
  }

  /** Whether this member judges a record whose files these members hold: when it is one of them, or nobody is. */
  private boolean mayJudge(List<String> holders) {
    return holders.isEmpty() || holders.contains(member);
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

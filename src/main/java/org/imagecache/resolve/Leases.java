package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.LeaseRepository;
import org.jspecify.annotations.Nullable;

/** The leases API's view: launch leases held in memory and the leases in the database, as one list. */
public final class Leases {
  private final LeaseBook book;
  private final Database db;
  private final LeaseRepository repo = new LeaseRepository();
  private final ImageRepository images = new ImageRepository();
  private final Clock clock;

  public Leases(LeaseBook book, Database db, Clock clock) {
    this.book = book;
    this.db = db;
    this.clock = clock;
  }

  /** A lease with the fingerprint of the image it holds: how the API names images. */
  public record Held(Lease lease, String fingerprint) {}

  /** Active leases, newest first, each with its image's fingerprint; {@code project} null for all projects. */
  public Future<List<Held>> listHeld(@Nullable String project) {
    return list(project).compose(leases -> db.read(session -> {
      java.util.Map<Long, String> fingerprints = new java.util.HashMap<>();
      images.listAll(session).forEach(i -> fingerprints.put(i.id(), i.fingerprint().hex()));
      return leases.stream().map(l -> new Held(l, fingerprints.getOrDefault(l.imageId(), ""))).toList();
    }));
  }

  /** Active leases, newest first; {@code project} null for all projects. */
  public Future<List<Lease>> list(@Nullable String project) {
    List<Lease> memory = book.launchLeases();
    return db.read(repo::listAll).map(stored -> {
      Set<String> inMemory = memory.stream().map(Lease::id).collect(Collectors.toSet());
      List<Lease> all = new ArrayList<>(memory);
      stored.stream().filter(l -> !inMemory.contains(l.id())).forEach(all::add);
      var now = clock.instant();
      return all.stream()
          .filter(l -> l.activeAt(now))
          .filter(l -> project == null || l.project().equals(project))
          .sorted(Comparator.comparing(Lease::createdAt).reversed())
          .toList();
    });
  }

  /** An instance lease on the project's image with this fingerprint prefix, held until deleted. */
  public Future<Held> create(String project, String fingerprintPrefix, String holder) {
    return db.write(session -> {
      List<LocalImage> found = images.findByPrefix(session, project, fingerprintPrefix);
      if (found.isEmpty()) {
        throw new NotFoundException("image_not_found", "No image " + fingerprintPrefix + " in project " + project);
      }
      if (found.size() > 1) {
        throw new AmbiguousReferenceException("ambiguous_fingerprint", "Fingerprint prefix " + fingerprintPrefix + " matches more than one image",
            found.stream().map(i -> i.fingerprint().hex()).toList());
      }
      LocalImage image = found.get(0);
      Lease lease = new Lease(Launches.instanceLeaseId(image, holder), image.id(), project, holder, Lease.Kind.INSTANCE, clock.instant(), null);
      repo.upsert(session, lease);
      return new Held(lease, image.fingerprint().hex());
    });
  }

  /** Ends a lease. @throws NotFoundException when no lease has that id */
  public Future<Void> release(String id) {
    boolean inMemory = book.releaseLaunch(id);
    return db.write(session -> repo.delete(session, id)).map(deleted -> {
      if (!deleted && !inMemory) {
        throw new NotFoundException("lease_not_found", "No lease " + id);
      }
      return null;
    });
  }
}

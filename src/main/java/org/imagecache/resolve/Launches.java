package org.imagecache.resolve;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.files.PartialFile;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.LeaseRepository;
import org.jspecify.annotations.Nullable;

/**
 * Step 7 of the launch lookup: the use is recorded (write-behind) and the image is held: a launch
 * lease always, an instance lease when the lookup names an instance (one per instance and image, so
 * repeated lookups do not pile up leases).
 */
public final class Launches {
  private final LeaseBook leases;
  private final UsageRecorder usage;
  private final Database db;
  private final LeaseRepository leaseRepo = new LeaseRepository();
  private final Clock clock;

  public Launches(LeaseBook leases, UsageRecorder usage, Database db, Clock clock) {
    this.leases = leases;
    this.usage = usage;
    this.db = db;
    this.clock = clock;
  }

  /** The leases a lookup holds. */
  public record Held(Lease launch, @Nullable Lease instance) {}

  /** Holds the image; empty when it is being deleted (the lookup then resolves again). */
  public Future<Optional<Held>> hold(LocalImage image, @Nullable String instance) {
    Optional<Lease> launch = leases.takeLaunch(image);
    if (launch.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    usage.recordUse(image.id());
    if (instance == null) {
      return Future.succeededFuture(Optional.of(new Held(launch.get(), null)));
    }
    if (image.provisional()) {
      return Future.failedFuture(new ServiceUnavailableException("image_not_recorded", "Image "
          + image.fingerprint().shortForm() + " came while the database was out of reach and is not recorded yet; an instance lease"
          + " needs its record: retry once the database is back"));
    }
    Lease inst = new Lease(instanceLeaseId(image, instance), image.id(), image.project(), instance, Lease.Kind.INSTANCE, clock.instant(), null);
    return db.write(session -> {
      leaseRepo.upsert(session, inst);
      return Optional.of(new Held(launch.get(), inst));
    });
  }

  static String instanceLeaseId(LocalImage image, String instance) {
    byte[] digest = PartialFile.sha256().digest((image.project() + "\n" + instance + "\n" + image.id()).getBytes(StandardCharsets.UTF_8));
    return "instance-" + HexFormat.of().formatHex(digest, 0, 12);
  }
}

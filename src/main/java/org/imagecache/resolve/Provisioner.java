package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagecache.config.ImagesSettings;
import org.imagecache.image.ImageSource;
import org.imagecache.image.LocalImage;
import org.imagecache.remote.simplestreams.CatalogImage;

/**
 * Steps 5 and 6 of the launch lookup: a catalog image becomes a record of the project, from the
 * project's own record, from another project's files (a new record, no download), or after the one
 * download of its files.
 */
public final class Provisioner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Provisioner.class);
  private final LocalImages local;
  private final Downloads downloads;
  private final Supplier<ImagesSettings> settings;
  private final UpdateSchedule schedule;
  private final Clock clock;

  private final ImageDamage damage;

  public Provisioner(LocalImages local, Downloads downloads, ImageDamage damage, Supplier<ImagesSettings> settings,
      UpdateSchedule schedule, Clock clock) {
    this.damage = damage;
    this.local = local;
    this.downloads = downloads;
    this.settings = settings;
    this.schedule = schedule;
    this.clock = clock;
  }

  /** What provisioning gives: a record, or (for a caller that does not wait) a download under way. */
  public sealed interface Outcome permits Provisioned, Pending {}

  /** A record of the project and whether its files were downloaded for it. */
  public record Provisioned(LocalImage image, boolean downloaded) implements Outcome {}

  /** The download's flight, under way. */
  public record Pending(Downloads.Flight flight) implements Outcome {}

  /**
   * The project's record of the catalog image, creating it (and fetching its files) when needed.
   *
   * @param cached true for a launch (a cached image that may expire), false for an explicit pull
   * @param wait false: when a download is needed, return {@link Pending} at once instead
   */
  public Future<Outcome> provision(String project, Resolution.InCatalog r, boolean cached, boolean autoUpdate, boolean wait) {
    return provision(project, r, cached, autoUpdate, wait, FlightWait.AWAIT);
  }

  /** How a caller waits for the flight that brings the files it needs. */
  @FunctionalInterface
  public interface FlightWait {
    /** A launch waits for the outcome, and nobody's cancel stops the flight while it does. */
    FlightWait AWAIT = Downloads.Flight::awaited;

    Future<Boolean> await(Downloads.Flight flight);
  }

  /** As above, waiting for a download as {@code how} says (a pull follows it and may leave it). */
  public Future<Outcome> provision(String project, Resolution.InCatalog r, boolean cached, boolean autoUpdate, boolean wait,
      FlightWait how) {
    return local.find(project, r.image().fingerprint()).compose(mine -> {
      if (mine.isPresent() && damage.lookProblem(mine.get()).isEmpty()) {
        return Future.succeededFuture(new Provisioned(mine.get(), false));
      }
      if (mine.isPresent()) {
        // the record is here but its files are not (removed as damaged): fetch them again, into it
        Downloads.Flight flight = downloads.ensureFiles(r.image(), r.remote());
        return how.await(flight).map(fetched -> new Provisioned(mine.get(), fetched));
      }
      return local.findInAnyProject(r.image().fingerprint()).compose(other -> other.isPresent()
          ? register(project, r, cached, autoUpdate).map(i -> new Provisioned(i, false))
          : download(project, r, cached, autoUpdate, wait, how));
    });
  }

  private Future<Outcome> download(String project, Resolution.InCatalog r, boolean cached, boolean autoUpdate, boolean wait,
      FlightWait how) {
    Downloads.Flight flight = downloads.ensureFiles(r.image(), r.remote());
    if (!wait && !flight.done().isComplete()) {
      flight.done().compose(x -> register(project, r, cached, autoUpdate))
          .onFailure(e -> LOG.warn("image {} of project {}: record not added after the download: {}", r.image().fingerprint(), project, e.getMessage()));
      return Future.succeededFuture(new Pending(flight));
    }
    return how.await(flight).compose(fetched -> register(project, r, cached, autoUpdate).map(i -> new Provisioned(i, fetched)));
  }

  private Future<LocalImage> register(String project, Resolution.InCatalog r, boolean cached, boolean autoUpdate) {
    CatalogImage ci = r.image();
    Instant now = clock.instant();
    boolean bySource = r.source().alias() != null;
    Instant nextUpdate = autoUpdate && bySource ? schedule.nextDue(now, settings.get().autoUpdateIntervalHours()) : null;
    LocalImage image = CatalogRecords.newRecord(project, ci, new CatalogRecords.State(cached, autoUpdate, cached ? now : null, nextUpdate), now);
    Optional<ImageSource> source = bySource
        ? Optional.of(new ImageSource(r.source().server(), r.source().protocol(), r.remote().config().certificate().orElse(""), r.source().alias()))
        : Optional.empty();
    return downloads.withFilesPresent(ci.fingerprint(), image.unified(), () -> local.register(new NewImage(image, source, ci.properties())));
  }

  /** The auto_update a new cached image gets: {@code images.auto_update_cached}. */
  public boolean autoUpdateForCached() {
    return settings.get().autoUpdateCached();
  }
}

package org.imagecache.resolve;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagecache.config.ImagesSettings;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageSource;
import org.imagecache.image.LocalImage;
import org.imagecache.image.RemoteImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 5 and 6 of the launch lookup: a catalog image becomes a record of the project, from the
 * project's own record, from another project's files (a new record, no download), or after the one
 * download of its files.
 */
public final class Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
  private final LocalImages local;
  private final Downloads downloads;
  private final Supplier<ImagesSettings> settings;
  private final UpdateSchedule schedule;
  private final Clock clock;

  private final ImageDamage damage;
  /**
   * The record writes under way, by project and fingerprint. The launches that waited for one
   * download all register its record as it completes; one at a time (each under the image's lock, a
   * write each), the last of a herd answered long after the first. The first to come writes it and
   * the rest get what it wrote, which is what each would have got: a record that is there already is
   * returned as it is.
   */
  private final SingleFlight<ProjectImage, LocalImage> registrations = new SingleFlight<>();

  private record ProjectImage(String project, Fingerprint fingerprint) {}

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

  /** Why an image is provisioned, which decides whether its new record is {@code cached}. */
  public enum Purpose {
    /** For a launch: a cached image, which expires when unused. */
    LAUNCH,
    /** An explicit pull: kept until deleted. */
    PULL
  }

  /** Whether the caller waits for a download its image needs. */
  public enum Waiting {
    /** Until the files are here and the record written. */
    UNTIL_PROVISIONED,
    /** Not at all: {@link Pending} at once, the record written when the download is done. */
    ANSWER_PENDING
  }

  /**
   * What to provision: the catalog image {@code resolved} as a record of {@code project} with
   * {@code autoUpdate}, for {@code purpose}; {@code how} says how a waiting caller follows a download.
   */
  public record Request(String project, Resolution.InCatalog resolved, Purpose purpose, boolean autoUpdate,
      Waiting waiting, FlightWait how) {
    public Request {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(resolved, "resolved");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(waiting, "waiting");
      Objects.requireNonNull(how, "how");
    }

    /**
     * A launch's: a cached record, the auto_update of cached images, waiting as the lookup asked and
     * following a download as {@code how} says.
     */
    public static Request launch(String project, Resolution.InCatalog resolved, boolean autoUpdate, Waiting waiting, FlightWait how) {
      return new Request(project, resolved, Purpose.LAUNCH, autoUpdate, waiting, how);
    }

    /** A pull's: a kept record, waiting for the download as {@code how} follows it. */
    public static Request pull(String project, Resolution.InCatalog resolved, boolean autoUpdate, FlightWait how) {
      return new Request(project, resolved, Purpose.PULL, autoUpdate, Waiting.UNTIL_PROVISIONED, how);
    }

    boolean cached() {
      return purpose == Purpose.LAUNCH;
    }
  }

  /** How a caller waits for the flight that brings the files it needs. */
  @FunctionalInterface
  public interface FlightWait {
    /** A launch waits for the outcome, and nobody's cancel stops the flight while it does. */
    FlightWait AWAIT = Downloads.Flight::awaited;

    Future<Boolean> await(Downloads.Flight flight);
  }

  /** The project's record of the catalog image, creating it (and fetching its files) when needed. */
  public Future<Outcome> provision(Request req) {
    Resolution.InCatalog r = req.resolved();
    return local.find(req.project(), r.image().fingerprint()).compose(mine -> {
      if (mine.isPresent() && damage.lookProblem(mine.get()).isEmpty()) {
        return Future.succeededFuture(new Provisioned(mine.get(), false));
      }
      if (mine.isPresent()) {
        // the record is here but its files are not (removed as damaged): fetch them again, into it
        Downloads.Flight flight = downloads.ensureFiles(r.image(), r.remote());
        return req.how().await(flight)
            .compose(fetched -> local.recordFiles(r.image().fingerprint(), CatalogRecords.files(r.image()))
                .map(v -> new Provisioned(mine.get(), fetched)));
      }
      return local.findInAnyProject(r.image().fingerprint()).compose(other -> other.isPresent()
          ? register(req).map(i -> new Provisioned(i, false))
          : download(req));
    });
  }

  private Future<Outcome> download(Request req) {
    Downloads.Flight flight = downloads.ensureFiles(req.resolved().image(), req.resolved().remote());
    if (req.waiting() == Waiting.ANSWER_PENDING && !flight.done().isComplete()) {
      flight.done().compose(x -> register(req))
          .onFailure(e -> LOG.warn("image {} of project {}: record not added after the download: {}",
              req.resolved().image().fingerprint(), req.project(), e.getMessage()));
      return Future.succeededFuture(new Pending(flight));
    }
    return req.how().await(flight).compose(fetched -> register(req).map(i -> new Provisioned(i, fetched)));
  }

  private Future<LocalImage> register(Request req) {
    return registrations.run(new ProjectImage(req.project(), req.resolved().image().fingerprint()), () -> registerNow(req));
  }

  private Future<LocalImage> registerNow(Request req) {
    Resolution.InCatalog r = req.resolved();
    RemoteImage ci = r.image();
    Instant now = clock.instant();
    String alias = r.source().alias();
    boolean bySource = alias != null;
    Instant nextUpdate = req.autoUpdate() && bySource ? schedule.nextDue(now, settings.get().autoUpdateIntervalHours()) : null;
    LocalImage image = CatalogRecords.newRecord(req.project(), ci,
        new CatalogRecords.State(req.cached(), req.autoUpdate(), req.cached() ? now : null, nextUpdate), now);
    Optional<ImageSource> source = alias != null
        ? Optional.of(new ImageSource(r.source().server(), r.source().protocol(), r.remote().config().certificate().orElse(""), alias))
        : Optional.empty();
    return downloads.withFilesPresent(ci.fingerprint(), image.layout(), () -> local.register(new NewImage(image, source, ci.properties(), CatalogRecords.files(ci))));
  }

  /** The auto_update a new cached image gets: {@code images.auto_update_cached}. */
  public boolean autoUpdateForCached() {
    return settings.get().autoUpdateCached();
  }
}

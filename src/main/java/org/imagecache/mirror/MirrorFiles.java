package org.imagecache.mirror;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.config.MirrorConfig;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.RemoteFile;
import org.imagecache.remote.simplestreams.MirrorStream;
import org.imagecache.resolve.Downloads;
import org.imagecache.resolve.FileArrival;
import org.imagecache.resolve.ImageRef;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.LookupRequest;
import org.imagecache.resolve.LookupResult;
import org.imagecache.resolve.Provisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mirror client's file, got the way a launch gets an image: a launch lookup of its image by
 * fingerprint, which holds a launch lease and counts as a use, and in {@code pull-through} mode
 * downloads the image when it is not held (one download however many clients and launches want it),
 * the client's file sent on as it arrives. In {@code cached} mode the lookup stays local: nothing is
 * ever fetched for a mirror client.
 */
public final class MirrorFiles {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorFiles.class);
  static final String PROJECT = "default";

  private final LaunchLookup lookup;
  private final MirrorConfig.Mode mode;
  private final UpstreamHealth health;
  private final MirrorCounters counters;
  private final Clock clock;
  /** The lookups under way for mirror clients, by image: a client of an image already asked for joins. */
  private final Map<Fingerprint, Pull> inFlight = new ConcurrentHashMap<>();

  /** One lookup for mirror clients: its outcome, and the download it waits for once it starts one. */
  private record Pull(Future<LookupResult> result, Future<Downloads.Flight> flight) {}

  /**
   * Where a client's file comes from: held (the file on disk), or arriving from a download under way
   * ({@code arrival}); {@code held} is the file in place once its image is verified and recorded.
   */
  public record Source(Future<Path> held, Optional<FileArrival> arrival) {}

  public MirrorFiles(LaunchLookup lookup, MirrorEndpoints endpoints, MirrorCounters counters, Clock clock) {
    this.lookup = lookup;
    this.mode = endpoints.mode();
    this.health = endpoints.health();
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * The file's source, as soon as it is known: held, or arriving (a download started or joined). A
   * download the upstream fails puts the endpoint in the held-only listing; one that succeeds takes it
   * out. Each pull-through is counted and logged once, however many clients waited for it.
   */
  public Future<Source> open(String remote, MirrorStream.File file) {
    Promise<Downloads.Flight> flightSeen = Promise.promise();
    Promise<LookupResult> outcome = Promise.promise();
    Pull mine = new Pull(outcome.future(), flightSeen.future());
    Pull running = inFlight.putIfAbsent(file.fingerprint(), mine);
    Pull pull = running != null ? running : mine;
    if (running == null) {
      start(remote, file, mine, flightSeen, outcome);
    }
    MirrorCounters.Endpoint count = counters.of(remote);
    Future<Path> held = pull.result().map(result -> {
      (result.downloaded() ? count.misses : count.hits).increment();
      return pathOf(result, file.role());
    });
    Promise<Source> source = Promise.promise();
    held.onComplete(done -> source.tryComplete(new Source(held, Optional.empty())));
    pull.flight().onSuccess(flight -> source.tryComplete(new Source(held, flight.arrival(file.role()))));
    return source.future();
  }

  /** Runs the lookup of a pull this client started; the download it waits for, if any, is told to {@code flight}. */
  private void start(String remote, MirrorStream.File file, Pull pull, Promise<Downloads.Flight> flight, Promise<LookupResult> result) {
    Provisioner.FlightWait how = f -> {
      flight.tryComplete(f);
      return f.awaited();
    };
    lookup(remote, file, how).onComplete(done -> {
      inFlight.remove(file.fingerprint(), pull);
      if (done.succeeded() && done.result().downloaded()) {
        pulledThrough(remote, file, done.result(), counters.of(remote));
      } else if (done.failed() && ImageCacheException.isRemoteFault(done.cause())) {
        health.fileFailed(remote, clock.instant());
        LOG.warn("mirror {}: pulling image {} through failed; listing only held images until the upstream answers: {}", remote,
            file.fingerprint().shortForm(), done.cause().getMessage());
      }
      result.handle(done);
    });
  }

  private void pulledThrough(String remote, MirrorStream.File file, LookupResult result, MirrorCounters.Endpoint count) {
    health.fileDownloaded(remote);
    count.pullThroughs.increment();
    count.bytesFetched.add(result.size());
    LOG.info("mirror {}: pulled image {} through from the upstream for a client of its {} ({} bytes in all)", remote,
        file.fingerprint().shortForm(), file.basename(), result.size());
  }

  private Future<LookupResult> lookup(String remote, MirrorStream.File file, Provisioner.FlightWait how) {
    LookupRequest request = new LookupRequest(PROJECT, mode == MirrorConfig.Mode.PULL_THROUGH ? remote : null,
        new ImageRef.FingerprintPrefix(file.fingerprint().hex()), file.architecture(), file.type(), null,
        Provisioner.Waiting.UNTIL_PROVISIONED);
    return lookup.lookup(request, how).compose(answer -> {
      if (!(answer instanceof LaunchLookup.Done done)) {
        return Future.failedFuture(new IllegalStateException("a lookup that waits until provisioned answered pending"));
      }
      return Future.succeededFuture(done.result());
    });
  }

  private static Path pathOf(LookupResult result, RemoteFile.Role role) {
    String path = role == RemoteFile.Role.ROOT ? result.files().root() : result.files().meta();
    if (path == null) {
      throw new NotFoundException("image_file_missing", "The image " + result.fingerprint() + " has no " + role + " file");
    }
    return Path.of(Objects.requireNonNull(path));
  }
}

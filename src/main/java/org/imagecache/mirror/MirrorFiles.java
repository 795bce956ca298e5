package org.imagecache.mirror;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import org.imagecache.config.MirrorConfig;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.RemoteFile;
import org.imagecache.remote.simplestreams.MirrorStream;
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
 * downloads the image when it is not held (one download however many clients and launches want it).
 * In {@code cached} mode the lookup stays local: nothing is ever fetched for a mirror client.
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
  private final Map<Fingerprint, Future<LookupResult>> inFlight = new ConcurrentHashMap<>();

  public MirrorFiles(LaunchLookup lookup, MirrorEndpoints endpoints, MirrorCounters counters, Clock clock) {
    this.lookup = lookup;
    this.mode = endpoints.mode();
    this.health = endpoints.health();
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * The held file on disk, once its image is here and verified. A download the upstream fails puts
   * the endpoint in the held-only listing; one that succeeds takes it out. Each pull-through is
   * counted and logged once, however many clients waited for it.
   */
  public Future<Path> open(String remote, MirrorStream.File file) {
    Promise<LookupResult> mine = Promise.promise();
    Future<LookupResult> running = inFlight.putIfAbsent(file.fingerprint(), mine.future());
    MirrorCounters.Endpoint count = counters.of(remote);
    if (running != null) {
      return running.map(result -> {
        (result.downloaded() ? count.misses : count.hits).increment();
        return pathOf(result, file.role());
      });
    }
    lookup(remote, file).onComplete(done -> {
      inFlight.remove(file.fingerprint(), mine.future());
      if (done.succeeded() && done.result().downloaded()) {
        pulledThrough(remote, file, done.result(), count);
      } else if (done.failed() && UpstreamHealth.isUpstreamFault(done.cause())) {
        health.fileFailed(remote, clock.instant());
        LOG.warn("mirror {}: pulling image {} through failed; listing only held images until the upstream answers: {}", remote,
            file.fingerprint().shortForm(), done.cause().getMessage());
      }
      mine.handle(done);
    });
    return mine.future().map(result -> {
      (result.downloaded() ? count.misses : count.hits).increment();
      return pathOf(result, file.role());
    });
  }

  private void pulledThrough(String remote, MirrorStream.File file, LookupResult result, MirrorCounters.Endpoint count) {
    health.fileDownloaded(remote);
    count.pullThroughs.increment();
    count.bytesFetched.add(result.size());
    LOG.info("mirror {}: pulled image {} through from the upstream for a client of its {} ({} bytes in all)", remote,
        file.fingerprint().shortForm(), file.basename(), result.size());
  }

  private Future<LookupResult> lookup(String remote, MirrorStream.File file) {
    LookupRequest request = new LookupRequest(PROJECT, mode == MirrorConfig.Mode.PULL_THROUGH ? remote : null,
        new ImageRef.FingerprintPrefix(file.fingerprint().hex()), file.architecture(), file.type(), null,
        Provisioner.Waiting.UNTIL_PROVISIONED);
    return lookup.lookup(request).compose(answer -> {
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

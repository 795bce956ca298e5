package org.imagecache.resolve;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.failure.ImageBusyException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.RemoteFileMissingException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.files.LanePool;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.RemoteFile;
import org.imagecache.image.RemoteImage;
import org.imagecache.operations.Operation;
import org.imagecache.operations.Operations;
import org.imagecache.remote.RemoteSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets an image's files into the store exactly once however many callers want them at the same
 * moment: one flight per fingerprint covers the check (already here?), the download, the
 * verification and the commit; later callers join it. A failure leaves no temp file and no file, and
 * the next call starts clean. A 404 on a listed file invalidates the remote's catalog.
 */
public final class Downloads {
  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);

  /**
   * A flight: the files' future and the operation that shows its progress, with who waits for it.
   * Callers that wait for the outcome ({@link #awaited}) keep it going; callers that only hold its
   * operation ({@link #detachable}) each leave it when they cancel it, and it stops only when nobody
   * waits any more. A cancel from outside (no caller detaching) is refused while a caller waits.
   */
  public static final class Flight {
    private final Future<Boolean> done;
    private final Operation operation;
    private final RemoteImage image;
    private volatile Map<RemoteFile.Role, FileArrival> arrivals;
    private int waiting;
    private int holding;

    Flight(Future<Boolean> done, Operation operation, RemoteImage image) {
      this.done = done;
      this.operation = operation;
      this.image = image;
      this.arrivals = newArrivals(image);
      operation.cancelPolicy(this::onCancel);
      done.onComplete(ar -> arrivals.values().forEach(ar.succeeded() ? FileArrival::verified : FileArrival::failed));
    }

    private static Map<RemoteFile.Role, FileArrival> newArrivals(RemoteImage image) {
      Map<RemoteFile.Role, FileArrival> byRole = new java.util.EnumMap<>(RemoteFile.Role.class);
      image.files().forEach(f -> byRole.put(f.role(), new FileArrival()));
      return java.util.Collections.unmodifiableMap(byRole);
    }

    /** The image this flight brings in, as the remote lists it. */
    public RemoteImage image() {
      return image;
    }

    /** A file of the image as this flight brings it in, for a reader that sends it on as it arrives. */
    public java.util.Optional<FileArrival> arrival(RemoteFile.Role role) {
      return java.util.Optional.ofNullable(arrivals.get(role));
    }

    Map<RemoteFile.Role, FileArrival> arrivals() {
      return arrivals;
    }

    /** The download starts again from another source: readers of the files so far see them fail. */
    void restart() {
      Map<RemoteFile.Role, FileArrival> old = arrivals;
      arrivals = newArrivals(image);
      old.values().forEach(FileArrival::failed);
    }

    /** The outcome: true when this flight downloaded the files, false when they were already here. */
    public Future<Boolean> done() {
      return done;
    }

    public Operation operation() {
      return operation;
    }

    /** The outcome, for a caller that waits for it: while it waits, nobody's cancel stops the flight. */
    public Future<Boolean> awaited() {
      synchronized (this) {
        waiting++;
      }
      return done.onComplete(x -> {
        synchronized (this) {
          waiting--;
        }
      });
    }

    /** The operation, for a caller that answers with it (and may cancel it: that detaches the caller). */
    public Operation detachable() {
      synchronized (this) {
        holding++;
      }
      return operation;
    }

    /** Callers waiting for the outcome now (for tests and the operation's view). */
    synchronized int waiting() {
      return waiting;
    }

    private synchronized Operation.CancelOutcome onCancel() {
      if (holding > 0) {
        holding--;
        return holding == 0 && waiting == 0 ? Operation.CancelOutcome.CANCELLED : Operation.CancelOutcome.DETACHED;
      }
      return waiting > 0 ? Operation.CancelOutcome.REFUSED : Operation.CancelOutcome.CANCELLED;
    }
  }

  private final Vertx vertx;
  private final ImageFileStore files;
  /** Where the downloads' files are written and hashed (each download its own lanes). */
  private final LanePool lanes;
  private final Operations operations;
  private final Map<Fingerprint, Flight> inFlight = new ConcurrentHashMap<>();
  /** Set once the service stops: downloads asked for after that fail with it. Guarded by inFlight. */
  private @Nullable ImageCacheException stoppedWith;
  private final FingerprintLocks locks;
  private final DownloadLog log;
  private final SpaceGuard space;
  private final java.util.function.Function<Fingerprint, Future<Boolean>> referenced;
  private final Tier tier;

  /**
   * @param referenced whether any record of any project refers to a fingerprint's files
   * @param space who makes room before a download (the pruner, whose package comes after this one)
   * @param tier where the bytes come from: the remote, or a member of the tier that has them
   */
  public Downloads(Vertx vertx, ImageFileStore files, LanePool lanes, Operations operations, FingerprintLocks locks, DownloadLog log,
      java.util.function.Function<Fingerprint, Future<Boolean>> referenced, SpaceGuard space, Tier tier) {
    this.tier = tier;
    this.space = space;
    this.lanes = lanes;
    this.referenced = referenced;
    this.vertx = vertx;
    this.files = files;
    this.operations = operations;
    this.locks = locks;
    this.log = log;
  }

  /**
   * Adds a record that relies on the image's files being here, under the fingerprint lock: fails with
   * an {@link ImageBusyException} when the files are gone, so that the
   * caller resolves again.
   */
  public <T> Future<T> withFilesPresent(Fingerprint fp, FileLayout layout, java.util.function.Supplier<Future<T>> register) {
    return locks.withLock(fp, () -> vertx.executeBlocking(() -> files.has(fp, layout), false)
        .compose(present -> present ? register.get().recover(e -> dropIfUnrecorded(fp, e))
            : Future.failedFuture(new ImageBusyException(fp.hex(), "The files of image " + fp + " were removed meanwhile; retry the lookup"))));
  }

  /**
   * The record that was to rely on the files was not written (a full disk, a concurrent delete): when no
   * record of any project refers to them, the files go now rather than at the next start's sweep.
   * Runs under the fingerprint's lock. Fails with the original error either way.
   */
  private <T> Future<T> dropIfUnrecorded(Fingerprint fp, Throwable cause) {
    return referenced.apply(fp)
        .compose(isReferenced -> isReferenced ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              long freed = files.delete(fp);
              LOG.warn("image {}: its record could not be written ({}); its files ({} bytes) were removed", fp.shortForm(),
                  cause.getMessage(), freed);
              return null;
            }, false))
        .transform(x -> Future.failedFuture(cause));
  }

  /**
   * The flight that puts the image's files in place: joined if one is under way, else started.
   * {@code done} is true when this flight downloaded the files, false when they were already here.
   */
  public Flight ensureFiles(RemoteImage image, RemoteSource remote) {
    Fingerprint fp = image.fingerprint();
    Promise<Boolean> done;
    Flight flight;
    // the map is never changed from inside its own compute: a flight may complete at once (the files are
    // here), and its completion removes it
    synchronized (inFlight) {
      Flight running = inFlight.get(fp);
      if (running != null) {
        return running;
      }
      if (stoppedWith != null) {
        Operation op = operations.create("Downloading image " + fp.hex() + " from " + remote.config().name());
        return new Flight(op.track(Future.failedFuture(stoppedWith)), op, image);
      }
      done = Promise.promise();
      Operation op = operations.create("Downloading image " + fp.hex() + " from " + remote.config().name());
      op.setTotal(image.size());
      flight = new Flight(op.track(done.future()), op, image);
      inFlight.put(fp, flight);
    }
    run(image, remote, flight).onComplete(ar -> {
      inFlight.remove(fp, flight);
      done.handle(ar);
    });
    return flight;
  }

  /**
   * Cancels every download under way for a reason of the service's own (shutting down), and refuses
   * those asked for later with it: their callers get that answer.
   */
  public void cancelAll(ImageCacheException why) {
    List<Flight> running;
    synchronized (inFlight) {
      stoppedWith = why;
      running = List.copyOf(inFlight.values());
    }
    running.forEach(f -> f.operation().cancellation().cancel(why));
  }

  /** The flight under way for a fingerprint, if any. */
  public @Nullable Flight current(Fingerprint fp) {
    return inFlight.get(fp);
  }

  /**
   * Files already in place become the image only once they hash to its fingerprint: files with no
   * record (planted, or left by a failure between the move and the record) are never taken on trust;
   * ones that do not verify are removed and downloaded again.
   */
  private Future<Boolean> run(RemoteImage image, RemoteSource remote, Flight flight) {
    Fingerprint fp = image.fingerprint();
    return locks.withLock(fp, () -> vertx.executeBlocking(() -> presentAndWhole(image), false)
        .compose(whole -> whole ? Future.succeededFuture(false)
            : space.makeRoom(image.size()).compose(v -> download(image, remote, flight)).map(true)));
  }

  /** Blocking: whether the files are here and hash to the fingerprint; ones that do not are removed. */
  private boolean presentAndWhole(RemoteImage image) {
    Fingerprint fp = image.fingerprint();
    if (!files.anyPresent(fp)) {
      return false;
    }
    java.util.Optional<String> problem = files.contentProblem(fp, image.layout(), image.size());
    if (problem.isEmpty()) {
      return true;
    }
    LOG.warn("image {}: the files in place are not the image ({}); removed, downloading it", fp.shortForm(), problem.get());
    files.delete(fp);
    return false;
  }

  /**
   * Downloads the image as the tier says: from the remote (the first of its sources that gives it whole
   * and verified: for a remote with mirrors, a mirror that fails, or sends bytes that do not verify,
   * leaves the image to the next source, within the same download; our own faults, the disk or a
   * cancel, end it), or from a member of the tier. A second way in after a failed one starts the files
   * over: whoever reads them as they arrive sees the first ones fail.
   */
  private Future<Void> download(RemoteImage image, RemoteSource remote, Flight flight) {
    java.util.concurrent.atomic.AtomicInteger ways = new java.util.concurrent.atomic.AtomicInteger();
    Runnable begin = () -> {
      if (ways.getAndIncrement() > 0) {
        flight.restart();
      }
    };
    return tier.download(image, flight.operation().cancellation(), new Tier.Fetches() {
      @Override
      public Future<Void> fromRemote(Tier.Fence fence) {
        begin.run();
        return attempt(remote.attemptsFor(image), 0, new Attempting(flight, fence), null, List.of());
      }

      @Override
      public Future<Void> fromPeer(RemoteSource peer) {
        begin.run();
        return downloadFrom(image, peer, new Attempting(flight, Tier.Fence.NONE), List.of());
      }
    });
  }

  /** A download's flight, and what it asks before it commits the files. */
  private record Attempting(Flight flight, Tier.Fence fence) {}

  /**
   * Tries source {@code i}, then the next ones.
   *
   * @param failed the sources that failed before, each with why (the audit event of the download names them)
   */
  private Future<Void> attempt(List<RemoteSource.Attempt> attempts, int i, Attempting attempting, @Nullable Throwable previous, List<String> failed) {
    if (i == attempts.size()) {
      return Future.failedFuture(java.util.Objects.requireNonNull(previous, "a failure before the sources ran out"));
    }
    RemoteSource.Attempt a = attempts.get(i);
    boolean more = i + 1 < attempts.size();
    return a.image().get().transform(found -> {
      if (found.failed() || found.result().isEmpty()) {
        return attempt(attempts, i + 1, attempting, found.failed() ? found.cause() : previous, failed);
      }
      if (previous != null) {
        attempting.flight().restart(); // readers of the failed attempt's files stop: these are other temp files
      }
      return downloadFrom(found.result().get(), a.source(), attempting, failed).recover(e -> {
        if (!more || !ImageCacheException.isRemoteFault(e)) {
          return Future.failedFuture(e);
        }
        if (e instanceof org.imagecache.failure.FileVerificationException) {
          a.source().sentWrongBytes(e);
        }
        LOG.warn("image {}: {} failed ({}); trying the next source", found.result().get().fingerprint().shortForm(), a.source().describe(),
            e.getMessage());
        List<String> failedNow = new java.util.ArrayList<>(failed);
        failedNow.add(a.source().describe() + " failed (" + org.imagecache.failure.ImageCacheException.clip(String.valueOf(e.getMessage())) + ")");
        return attempt(attempts, i + 1, attempting, e, List.copyOf(failedNow));
      });
    });
  }

  private Future<Void> downloadFrom(RemoteImage image, RemoteSource remote, Attempting attempting, List<String> failedBefore) {
    Operation op = attempting.flight().operation();
    ImageDownload d = new ImageDownload(vertx.getOrCreateContext(), files, image, op, lanes, attempting.flight().arrivals());
    LOG.info("downloading image {} ({} bytes) from {}", image.fingerprint(), image.size(), remote.describe());
    long start = System.nanoTime();
    Future<Void> chain = Future.succeededFuture();
    for (RemoteFile f : image.files()) {
      chain = chain.compose(v -> remote.download(f, d.sinkFor(f), op.cancellation()));
    }
    return chain
        .compose(v -> attempting.fence().check())
        .compose(v -> d.verifyAndCommit())
        .onSuccess(v -> {
          long nanos = System.nanoTime() - start;
          log.downloaded(image, remote.describe() + (failedBefore.isEmpty() ? "" : ", after " + String.join("; ", failedBefore)), nanos);
          LOG.info("downloaded image {} ({} bytes) from {} in {} ms", image.fingerprint(), image.size(), remote.describe(),
              nanos / 1_000_000);
        })
        .recover(e -> d.discard().transform(x -> {
          log.failed(e);
          LOG.warn("download of image {} from {} failed: {}", image.fingerprint(), remote.describe(), e.getMessage());
          if (e instanceof RemoteFileMissingException) {
            remote.fileMissing();
          }
          return Future.failedFuture(e);
        }));
  }
}

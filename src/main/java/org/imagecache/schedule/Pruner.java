package org.imagecache.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.InsufficientStorageException;
import org.imagecache.image.LocalImage;
import org.imagecache.resolve.Decider;
import org.imagecache.resolve.ImageDeleter;
import org.imagecache.resolve.SpaceGuard;
import org.imagecache.store.Database;
import org.imagecache.store.ImageRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the prune policy in two phases: plan, then, unless it is a dry run, re-check each candidate right
 * before deleting it (a launch that arrived meanwhile wins; the deleter refuses a leased image under its
 * lock). One prune runs at a time. Any error while planning deletes nothing.
 */
public final class Pruner implements SpaceGuard {
  private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

  private final Vertx vertx;
  private final Database db;
  private final PruneCandidates candidates;
  private final ImageDeleter deleter;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ImageRepository images = new ImageRepository();

  public Pruner(Vertx vertx, Database db, PruneCandidates candidates, ImageDeleter deleter) {
    this.vertx = vertx;
    this.db = db;
    this.candidates = candidates;
    this.deleter = deleter;
  }

  /**
   * What a prune planned and, unless dry, deleted; {@code kept} is every other image, with the rule that
   * keeps it (read with the plan, from the same records).
   */
  public record Result(boolean dryRun, List<PrunePolicy.Item> plan, List<PrunePolicy.Item> deleted, long bytesFreed,
      List<PrunePolicy.Held> kept) {}



  /**
   * @throws ConflictException (reason {@code prune_running}, in the future) when a prune that deletes
   *     is asked for while another runs
   */
  public Future<Result> run(boolean dryRun, Set<String> reasons) {
    return run(dryRun, reasons, 0);
  }

  private Future<Result> run(boolean dryRun, Set<String> reasons, long incomingBytes) {
    if (dryRun) {
      return plan(reasons, incomingBytes).map(p -> new Result(true, p.plan(), List.of(), 0, p.kept()));
    }
    if (!running.compareAndSet(false, true)) {
      return Future.failedFuture(new ConflictException("prune_running", "A prune is already running; try again when it has finished"));
    }
    return plan(reasons, incomingBytes).compose(this::execute).onComplete(x -> running.set(false));
  }

  /** What a prune for every reason would delete now were {@code images.remote_cache_expiry} this; deletes nothing. */
  public Future<List<PrunePolicy.Item>> planUnderExpiry(int expiryDays) {
    return candidates.read(Set.copyOf(PrunePolicy.REASONS))
        .map(s -> PrunePolicy.decide(s.candidates(), s.inputs().withExpiryDays(expiryDays)).plan());
  }

  private Future<PrunePolicy.Decision> plan(Set<String> reasons, long incomingBytes) {
    return candidates.read(reasons, incomingBytes).map(s -> PrunePolicy.decide(s.candidates(), s.inputs()));
  }

  private Future<Result> execute(PrunePolicy.Decision planned) {
    List<PrunePolicy.Item> plan = planned.plan();
    List<PrunePolicy.Item> deleted = new ArrayList<>();
    Future<Long> chain = Future.succeededFuture(0L);
    for (PrunePolicy.Item item : plan) {
      chain = chain.compose(total -> deleteIfStillDue(item).map(freed -> {
        freed.ifPresent(f -> deleted.add(new PrunePolicy.Item(item.image(), item.reason(), f)));
        return total + freed.orElse(0L);
      }));
    }
    return chain.map(total -> {
      if (!deleted.isEmpty()) {
        LOG.info("prune: deleted {} image record(s), {} bytes freed", deleted.size(), total);
      }
      return new Result(false, plan, deleted, total, planned.kept());
    });
  }

  /** Re-reads the record right before deleting: gone, used meanwhile or now leased means it stays. */
  private Future<Optional<Long>> deleteIfStillDue(PrunePolicy.Item item) {
    return db.read(session -> images.findById(session, item.image().id())).compose(current -> {
      if (current.isEmpty() || usedSince(item.image(), current.get())) {
        return Future.succeededFuture(Optional.<Long>empty());
      }
      return deleter.delete(current.get(), item.reason(), Decider.CACHE).map(Optional::of)
          .recover(e -> e instanceof ConflictException ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
    });
  }

  private static boolean usedSince(LocalImage planned, LocalImage now) {
    return now.lastUsedAt() != null && (planned.lastUsedAt() == null || now.lastUsedAt().isAfter(planned.lastUsedAt()))
        || now.pinned() || !now.cached();
  }

  private static InsufficientStorageException noRoom(long free, long bytes) {
    return new InsufficientStorageException("The image store has " + free + " bytes free; the download needs " + bytes);
  }

  /**
   * Makes room for a download of {@code bytes}, pruning under disk pressure first when the store would
   * pass the high watermark. While a shared database cannot be reached nothing can be judged: the
   * download goes ahead only into room the disk has now.
   */
  @Override
  public Future<Void> makeRoom(long bytes) {
    return pruneForRoom(bytes).recover(e -> org.imagecache.failure.ServiceUnavailableException.isDatabaseUnavailable(e)
        ? roomAsItIs(bytes) : Future.failedFuture(e));
  }

  private Future<Void> roomAsItIs(long bytes) {
    return vertx.executeBlocking(candidates::usableBytes, false)
        .compose(free -> free >= bytes ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(noRoom(free, bytes)));
  }

  private Future<Void> pruneForRoom(long bytes) {
    return candidates.read(Set.of(PrunePolicy.DISK_PRESSURE)).compose(s -> vertx.executeBlocking(candidates::usableBytes, false).compose(before -> {
      if (before + s.inputs().storeBytes() < bytes) {
        // even deleting every image would not make room: delete nothing
        return Future.<Void>failedFuture(noRoom(before, bytes));
      }
      long high = s.inputs().high().bytesOf(s.inputs().filesystemBytes());
      // the plan counts the download in the store's size, so it makes room before the store passes the high watermark
      Future<?> pruned = s.inputs().storeBytes() + bytes > high && !running.get()
          ? run(false, Set.of(PrunePolicy.DISK_PRESSURE), bytes).recover(e -> Future.succeededFuture()) : Future.succeededFuture();
      return pruned.compose(x -> roomAsItIs(bytes));
    }));
  }
}

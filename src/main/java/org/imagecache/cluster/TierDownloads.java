package org.imagecache.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.image.DownloadClaim;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Peer;
import org.imagecache.image.RemoteImage;
import org.imagecache.remote.Cancellation;
import org.imagecache.resolve.Tier;
import org.imagecache.store.ClaimRepository;
import org.imagecache.store.Database;
import org.imagecache.store.MemberRepository;
import org.imagecache.store.ReplicaRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download from the upstream per image for the members that share a PostgreSQL database. A member
 * that needs an image's files takes them, in this order, from a member that holds them; else claims
 * the image ({@link ClaimRepository#claim}) and downloads it from the remote, renewing the claim every
 * {@link #HEARTBEAT} and asking, just before it commits the files, whether the claim is still its own
 * (a member whose claim was taken over does not commit, and follows the new owner); else follows the
 * owner, whose listener sends the files as they arrive. A follower whose owner fails waits for the claim
 * to be released or to expire (told by {@code NOTIFY}, looked at every {@link #POLL} besides) and looks
 * again: the first to find it free downloads with the next generation. With the database out of reach,
 * the member downloads from the remote as a single host does.
 */
public final class TierDownloads implements Tier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TierDownloads.class);
  /** How long a claim stands without a heartbeat: a dead owner's is taken over after this. */
  public static final Duration LEASE = Duration.ofSeconds(20);
  static final Duration HEARTBEAT = Duration.ofSeconds(5);
  static final Duration POLL = Duration.ofMillis(500);

  private final Vertx vertx;
  private final Database db;
  private final String member;
  private final Clock clock;
  private final Peers peers;
  private final ClaimWaits waits;
  private final Runnable stopListening;
  private final ClaimRepository claims = new ClaimRepository();
  private final MemberRepository members = new MemberRepository();
  private final ReplicaRepository replicas = new ReplicaRepository();
  private final String secret;

  public TierDownloads(Vertx vertx, Database db, String member, String secret, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.member = member;
    this.clock = clock;
    this.secret = secret;
    this.peers = new Peers(vertx, secret);
    this.waits = new ClaimWaits(vertx, POLL);
    this.stopListening = db.listen(ClaimRepository.CHANNEL, waits::told);
  }

  /** The outcome of a try to claim: the claim is this member's, or another's (with where to reach its owner). */
  private sealed interface Turn permits Owner, Follower {}

  private record Owner(DownloadClaim claim) implements Turn {}

  private record Follower(Optional<DownloadClaim> claim, Optional<Peer> owner) implements Turn {}

  @Override
  public Future<Void> download(RemoteImage image, Cancellation cancel, Fetches fetches) {
    if (cancel.isCancelled()) {
      return Future.failedFuture(cancel.failure("Download of image " + image.fingerprint().shortForm()));
    }
    return db.read(session -> holdersOf(session, image.fingerprint()))
        .transform(read -> read.failed() ? alone(read.cause(), fetches)
            : fromHolders(image, read.result(), 0, fetches).recover(e -> claimOrFollow(image, cancel, fetches)));
  }

  private List<Peer> holdersOf(org.imagecache.store.Session session, Fingerprint fp) {
    return replicas.holders(session, List.of(fp)).getOrDefault(fp, List.of()).stream().filter(name -> !name.equals(member))
        .flatMap(name -> members.peer(session, name).stream()).filter(Peer::reachable).toList();
  }

  /** From the holders in turn; fails when none sent the files (the caller then claims). */
  private Future<Void> fromHolders(RemoteImage image, List<Peer> holders, int i, Fetches fetches) {
    if (i == holders.size()) {
      return Future.failedFuture(new IllegalStateException("no member sent the files"));
    }
    Peer holder = holders.get(i);
    return fetches.fromPeer(peers.source(holder, image.fingerprint(), image.layout())).recover(e -> {
      if (!ImageCacheException.isRemoteFault(e)) {
        return Future.failedFuture(e);
      }
      LOG.info("image {}: member {} holds it but did not send it ({}); trying the next", image.fingerprint().shortForm(), holder.name(),
          e.getMessage());
      return fromHolders(image, holders, i + 1, fetches);
    });
  }

  private Future<Void> claimOrFollow(RemoteImage image, Cancellation cancel, Fetches fetches) {
    Fingerprint fp = image.fingerprint();
    return db.write(session -> turn(session, fp)).transform(tried -> {
      if (tried.failed()) {
        return alone(tried.cause(), fetches);
      }
      if (tried.result() instanceof Owner owner) {
        return own(image, owner.claim(), cancel, fetches);
      }
      Follower follower = (Follower) tried.result();
      if (follower.claim().isEmpty()) {
        return download(image, cancel, fetches); // released meanwhile: look again
      }
      DownloadClaim claim = follower.claim().get();
      Optional<Peer> owner = follower.owner().filter(Peer::reachable).filter(p -> !p.name().equals(member));
      if (owner.isEmpty()) {
        return waits.changed(claim).compose(v -> download(image, cancel, fetches));
      }
      return fetches.fromPeer(peers.source(owner.get(), fp, image.layout())).recover(e -> {
        if (!ImageCacheException.isRemoteFault(e)) {
          return Future.failedFuture(e);
        }
        LOG.info("image {}: member {} (claim generation {}) did not send it ({}); waiting for its claim to end", fp.shortForm(),
            claim.owner(), claim.generation(), e.getMessage());
        return waits.changed(claim).compose(v -> download(image, cancel, fetches));
      });
    });
  }

  private Turn turn(org.imagecache.store.Session session, Fingerprint fp) {
    java.time.Instant now = clock.instant();
    Optional<DownloadClaim> mine = claims.claim(session, fp, member, now, now.plus(LEASE));
    if (mine.isPresent()) {
      return new Owner(mine.get());
    }
    Optional<DownloadClaim> theirs = claims.current(session, fp);
    return new Follower(theirs, theirs.flatMap(c -> members.peer(session, c.owner())));
  }

  /** Downloads from the remote under the claim: renewed every heartbeat, checked before the commit, released at the end. */
  private Future<Void> own(RemoteImage image, DownloadClaim claim, Cancellation cancel, Fetches fetches) {
    Fingerprint fp = image.fingerprint();
    if (claim.generation() > 1) {
      LOG.info("image {}: took the download over (claim generation {})", fp.shortForm(), claim.generation());
    }
    long heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> renew(claim).onFailure(e -> LOG.warn("image {}: the claim could not be renewed: {}",
        fp.shortForm(), e.getMessage())));
    Fence fence = () -> renew(claim).transform(renewed -> {
      if (renewed.succeeded() && !renewed.result()) {
        return Future.failedFuture(new Fenced(claim));
      }
      return Future.succeededFuture(); // renewed, or the database out of reach: the verified files are committed either way
    });
    return fetches.fromRemote(fence).transform(done -> {
      vertx.cancelTimer(heartbeat);
      return db.write(session -> claims.release(session, claim))
          .onFailure(e -> LOG.warn("image {}: the claim could not be released ({}); it expires in {} s", fp.shortForm(), e.getMessage(),
              LEASE.toSeconds()))
          .transform(released -> {
            // fenced at the commit, or failed (a pause past the lease times the transfer out) while another took over
            boolean takenOver = done.failed() && (done.cause() instanceof Fenced || released.succeeded() && !released.result());
            if (takenOver && !cancel.isCancelled()) {
              LOG.warn("image {}: the claim of generation {} was taken over; following the new owner", fp.shortForm(), claim.generation());
              return download(image, cancel, fetches);
            }
            return done.succeeded() ? Future.succeededFuture() : Future.failedFuture(done.cause());
          });
    });
  }

  private Future<Boolean> renew(DownloadClaim claim) {
    return db.write(session -> claims.renew(session, claim, clock.instant().plus(LEASE)));
  }

  /** The database is out of reach: a single host's download; any other failure stands. */
  private Future<Void> alone(Throwable cause, Fetches fetches) {
    if (ServiceUnavailableException.isDatabaseUnavailable(cause)) {
      LOG.warn("the database is out of reach ({}); downloading from the remote without the tier", cause.getMessage());
      return fetches.fromRemote(Fence.NONE);
    }
    return Future.failedFuture(cause);
  }

  /** What the members show each other on the peer path. */
  public String secret() {
    return secret;
  }

  @Override
  public void close() {
    stopListening.run();
    peers.close();
  }

  /** The claim was taken over while this member downloaded: it must not commit. */
  static final class Fenced extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fenced(DownloadClaim claim) {
      super("the claim of generation " + claim.generation() + " was taken over");
    }
  }
}

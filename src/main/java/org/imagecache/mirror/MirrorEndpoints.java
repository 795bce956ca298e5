package org.imagecache.mirror;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.imagecache.config.MirrorConfig;
import org.imagecache.config.Protocol;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.remote.Remotes;
import org.imagecache.remote.SimplestreamsIndex;
import org.imagecache.remote.simplestreams.MirrorStream;

/**
 * The mirror's endpoints, one per served remote: each one's documents and file table, built from the
 * remote's catalog (the one a launch would use: from memory, refreshed as its TTL says, the last good
 * one when the remote fails). In {@code cached} mode only the images held are listed, and so in
 * {@code pull-through} mode while the upstream fails ({@link UpstreamHealth}): never a file that
 * cannot be served.
 */
public final class MirrorEndpoints {
  /** The products file's content id (and so its name) for a remote: unique to the endpoint. */
  static String contentId(String remote) {
    return "imagecache:" + remote;
  }

  private final Remotes remotes;
  private final MirrorConfig config;
  private final Supplier<Future<Set<Fingerprint>>> held;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();
  private final UpstreamHealth health = new UpstreamHealth();

  /** A listing of held images built for one catalog and one held set. */
  private record Listing(SimplestreamsIndex index, Set<Fingerprint> held, MirrorStream stream) {}

  /**
   * @param held the fingerprints of the images held (read off the event loop); used in cached mode
   */
  public MirrorEndpoints(Remotes remotes, MirrorConfig config, Supplier<Future<Set<Fingerprint>>> held) {
    this.remotes = remotes;
    this.config = config;
    this.held = held;
  }

  /** Whether an endpoint of this name is served (a configured simplestreams remote that mirror.remotes takes). */
  public boolean serves(String remote) {
    return remotes.all().stream().anyMatch(r -> r.config().name().equals(remote) && r.config().protocol() == Protocol.SIMPLESTREAMS)
        && config.serves(remote);
  }

  public MirrorConfig.Mode mode() {
    return config.mode();
  }

  UpstreamHealth health() {
    return health;
  }

  /** The remotes served, in configuration order. */
  public java.util.List<String> served() {
    return remotes.all().stream().map(r -> r.config().name()).filter(this::serves).toList();
  }

  /**
   * What an endpoint lists now: {@code pull-through}, {@code cached} (the configured mode), or
   * {@code cached-only} since the upstream failed at the instant given.
   */
  public EndpointMode modeOf(String remote) {
    if (config.mode() == MirrorConfig.Mode.CACHED) {
      return new EndpointMode(config.mode().wireName(), Optional.empty());
    }
    Optional<java.time.Instant> failing = health.failingSince(remote, remotes.get(remote).catalog().status());
    return failing.map(at -> new EndpointMode("cached-only", Optional.of(at)))
        .orElseGet(() -> new EndpointMode(config.mode().wireName(), Optional.empty()));
  }

  /** An endpoint's mode, and since when the upstream has failed when that is why it lists only what it holds. */
  public record EndpointMode(String mode, Optional<java.time.Instant> upstreamFailedAt) {
    /** As the stats and the log say it. */
    public String describe() {
      return upstreamFailedAt.map(at -> mode + " because the upstream failed at " + at).orElse(mode);
    }

    boolean heldOnly() {
      return !mode.equals(MirrorConfig.Mode.PULL_THROUGH.wireName());
    }
  }

  /**
   * The endpoint's current stream.
   *
   * @throws NotFoundException (failed future, reason {@code unknown_endpoint}) for a remote not served
   */
  public Future<MirrorStream> stream(String remote) {
    if (!serves(remote)) {
      return Future.failedFuture(new NotFoundException("unknown_endpoint", "No mirror endpoint " + remote));
    }
    return remotes.get(remote).catalog().catalog().compose(read -> {
      if (!(read.catalog() instanceof SimplestreamsIndex index)) {
        return Future.failedFuture(new NotFoundException("unknown_endpoint", "No mirror endpoint " + remote));
      }
      if (!modeOf(remote).heldOnly()) {
        return Future.succeededFuture(index.mirrorStream(contentId(remote), Optional.empty()));
      }
      return held.get().map(fingerprints -> heldListing(remote, index, fingerprints));
    });
  }

  private MirrorStream heldListing(String remote, SimplestreamsIndex index, Set<Fingerprint> fingerprints) {
    Listing last = listings.get(remote);
    if (last != null && last.index() == index && last.held().equals(fingerprints)) {
      return last.stream();
    }
    Listing next = new Listing(index, Set.copyOf(fingerprints), index.mirrorStream(contentId(remote), Optional.of(fingerprints)));
    listings.put(remote, next);
    return next.stream();
  }
}

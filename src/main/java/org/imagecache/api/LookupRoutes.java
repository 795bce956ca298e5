package org.imagecache.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.imagecache.image.Architecture;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ForbiddenException;
import org.imagecache.image.ImageCacheException;
import org.imagecache.image.ImageType;
import org.imagecache.image.InvalidInputException;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.LookupCounters;
import org.imagecache.resolve.LookupRequest;

/** {@code POST /1.0/lookup}: the launch lookup. */
public final class LookupRoutes implements ApiRoutes {
  private static final Set<String> FIELDS = Set.of("project", "remote", "server", "protocol", "alias", "fingerprint",
      "architecture", "type", "instance", "wait");

  private final LaunchLookup lookup;
  private final Remotes remotes;
  private final String hostArchitecture;
  private final LookupCounters counters;
  private final ImageCacheMetrics metrics;

  public LookupRoutes(LaunchLookup lookup, Remotes remotes, String hostArchitecture, LookupCounters counters) {
    this(lookup, remotes, hostArchitecture, counters, ImageCacheMetrics.none());
  }

  public LookupRoutes(LaunchLookup lookup, Remotes remotes, String hostArchitecture, LookupCounters counters, ImageCacheMetrics metrics) {
    this.counters = counters;
    this.metrics = metrics;
    this.lookup = lookup;
    this.remotes = remotes;
    this.hostArchitecture = hostArchitecture;
  }

  @Override
  public void register(Router router) {
    router.post("/1.0/lookup").handler(this::lookup);
  }

  private void lookup(RoutingContext ctx) {
    long start = System.nanoTime();
    LookupRequest req = parse(new Fields(Json.bodyObject(ctx)).only(FIELDS));
    lookup.lookup(req)
        .onSuccess(answer -> {
          // a lookup answered with an operation is one that downloads
          boolean cached = answer instanceof LaunchLookup.Done d && d.result().present();
          metrics.lookupAnswered(cached ? "cached" : "downloaded", System.nanoTime() - start);
          if (answer instanceof LaunchLookup.Done d) {
            counters.answered(d.result().present());
            Envelope.sync(ctx, d.result());
          } else {
            Envelope.async(ctx, ((LaunchLookup.Pending) answer).operation());
          }
        })
        .onFailure(e -> {
          counters.failed();
          metrics.lookupAnswered("failed", System.nanoTime() - start);
          ctx.fail(e);
        });
  }

  LookupRequest parse(Fields f) {
    String alias = f.string("alias");
    String fingerprint = f.string("fingerprint");
    if ((alias == null) == (fingerprint == null)) {
      throw new InvalidInputException("invalid_request", "Give exactly one of 'alias' and 'fingerprint'");
    }
    String architecture = f.string("architecture");
    String type = f.string("type");
    return new LookupRequest(
        Fields.project(f.string("project")),
        remoteName(f),
        alias == null ? null : Fields.alias(alias),
        fingerprint == null ? null : Fingerprint.checkPrefix(fingerprint),
        architecture == null ? hostArchitecture : Architecture.check(architecture),
        type == null ? ImageType.CONTAINER : ImageType.fromWireName(type),
        Fields.instance(f.string("instance")),
        f.bool("wait", true));
  }

  /** The remote by name, or by server URL and protocol (only a configured remote's URL is accepted). */
  private String remoteName(Fields f) {
    String remote = f.string("remote");
    String server = f.string("server");
    if (remote != null && server != null) {
      throw new InvalidInputException("invalid_request", "Give 'remote' or 'server', not both");
    }
    if (remote != null) {
      return remotes.get(remote).config().name();
    }
    if (server == null) {
      return null;
    }
    String protocol = f.string("protocol") == null ? "simplestreams" : f.string("protocol");
    return remotes.findByServer(server, protocol).map(r -> r.config().name()).orElseThrow(() -> new ForbiddenException(
        "remote_not_allowed", "Server " + ImageCacheException.clip(server) + " (" + ImageCacheException.clip(protocol) + ") is not a configured remote"));
  }
}

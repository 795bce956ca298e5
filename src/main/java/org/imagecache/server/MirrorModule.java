package org.imagecache.server;

import java.time.Clock;
import java.util.Set;
import org.imagecache.config.MirrorConfig;
import org.imagecache.image.Fingerprint;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.mirror.MirrorCounters;
import org.imagecache.mirror.MirrorEndpoints;
import org.imagecache.mirror.MirrorFiles;
import org.imagecache.mirror.MirrorHandler;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.ListingBook;
import org.imagecache.store.ImageRepository;

/**
 * The simplestreams mirror: its endpoints over the remotes' catalogs, its files through the launch
 * lookup (so a mirror client's file is single-flight, leased and counted as a use, like a launch), and
 * on a shared database the peer path the other members fetch this member's files from.
 */
public record MirrorModule(MirrorEndpoints endpoints, MirrorCounters counters, MirrorHandler handler) {

  public static MirrorModule over(StorageModule storage, Remotes remotes, LaunchModule launch, MirrorConfig config, Clock clock,
      ImageCacheMetrics metrics, java.util.Optional<String> tierSecret) {
    ImageRepository images = new ImageRepository();
    MirrorEndpoints endpoints = new MirrorEndpoints(remotes, config,
        () -> storage.db().read(images::listReferencedFingerprints).map(Set::<Fingerprint>copyOf));
    MirrorCounters counters = new MirrorCounters();
    for (String remote : endpoints.served()) {
      MirrorCounters.Endpoint c = counters.of(remote);
      metrics.mirrorCount("requests", "Requests to the mirror endpoint", remote, c, MirrorCounters.Endpoint::requests);
      metrics.mirrorCount("hits", "File requests answered from held files", remote, c, MirrorCounters.Endpoint::hits);
      metrics.mirrorCount("misses", "File requests that waited for the upstream (a pull-through)", remote, c, MirrorCounters.Endpoint::misses);
      metrics.mirrorCount("pull_throughs", "Images downloaded from the upstream for mirror clients", remote, c, MirrorCounters.Endpoint::pullThroughs);
      metrics.mirrorCount("served.bytes", "Bytes of files sent to mirror clients", remote, c, MirrorCounters.Endpoint::bytesServed);
      metrics.mirrorCount("fetched.bytes", "Bytes of images pulled through from the upstream for mirror clients", remote, c, MirrorCounters.Endpoint::bytesFetched);
      metrics.mirrorDegraded(remote, () -> endpoints.modeOf(remote).upstreamFailedAt().isPresent());
    }
    return new MirrorModule(endpoints, counters,
        new MirrorHandler(endpoints, new MirrorFiles(launch.lookup(), endpoints, counters, clock), counters,
            new ListingBook(storage.db(), clock), new org.imagecache.mirror.PeerFiles(storage.vertx(), launch.downloads(), storage.files(),
                tierSecret)));
  }
}

package org.imagecache.server;

import java.util.Set;
import org.imagecache.config.MirrorConfig;
import org.imagecache.image.Fingerprint;
import org.imagecache.mirror.MirrorEndpoints;
import org.imagecache.mirror.MirrorFiles;
import org.imagecache.mirror.MirrorHandler;
import org.imagecache.remote.Remotes;
import org.imagecache.store.ImageRepository;

/**
 * The simplestreams mirror: its endpoints over the remotes' catalogs, its files through the launch
 * lookup (so a mirror client's file is single-flight, leased and counted as a use, like a launch).
 */
public record MirrorModule(MirrorEndpoints endpoints, MirrorHandler handler) {

  public static MirrorModule over(StorageModule storage, Remotes remotes, LaunchModule launch, MirrorConfig config) {
    ImageRepository images = new ImageRepository();
    MirrorEndpoints endpoints = new MirrorEndpoints(remotes, config,
        () -> storage.db().read(images::listReferencedFingerprints).map(Set::<Fingerprint>copyOf));
    return new MirrorModule(endpoints, new MirrorHandler(endpoints, new MirrorFiles(launch.lookup(), config.mode())));
  }
}
